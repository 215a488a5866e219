#pragma once

#include "store/database.h"

#include <QString>
#include <vector>

namespace mbc::store {

struct PeerRow {
    QString url;
    bool isActive = true;
    qint64 lastSeen = 0; // seconds since the epoch; 0: never
    int failures = 0;
    qint64 addedAt = 0;
    bool chosenByOwner = false; // added by the owner: never dropped but by the owner
};

// The peers table (url, is_active, last_seen, failures), as MiniBitcoinPy kept it, and which
// of them the owner chose.
class SqlPeerStore {
public:
    explicit SqlPeerStore(Database& db)
        : db_(db) {}

    // Adds the peer, or marks it active again if known. True if it was new.
    bool add(const QString& url, qint64 now);
    void markChosenByOwner(const QString& url);
    bool remove(const QString& url);
    std::vector<PeerRow> all();
    void recordSuccess(const QString& url, qint64 now);
    void recordFailure(const QString& url, bool stillActive);

private:
    Database& db_;
};

} // namespace mbc::store
