#pragma once

#include "store/database.h"

#include <QString>

#include <optional>
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

// The most rows, and the longest URL, a read of the peers table takes: MAX_PEERS's ceiling,
// and the longest URL a peer may have (normalizePeerUrl).
inline constexpr int kMostPeerRows = 1000;
inline constexpr int kMostPeerUrlLength = 2048;

// The peers table (url, is_active, last_seen, failures), as MiniBitcoinPy kept it, and which
// of them the owner chose. Only its node writes it, so the rows are read once and kept in step
// with each write: /health and the app's status read them often, and a read on the node's
// connection would end a sync's batch held open (Database::holdOpen). Whoever needs to know
// that the store answers asks Database::probe().
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
    // Runs `write`, then applies `change` to the kept rows (if read): a write that throws, or
    // anything undone on the connection since the rows were read, has them read again.
    template <typename Write, typename Change>
    void changeRows(Write write, Change change);

    Database& db_;
    std::optional<std::vector<PeerRow>> rows_; // ordered as all() returns them
    std::uint64_t rowsUndoCount_ = 0;          // db_.undoCount() when they were read
};

} // namespace mbc::store
