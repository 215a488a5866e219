#pragma once

#include "chain/mempool.h"
#include "store/database.h"

#include <vector>

namespace mbc::store {

// The mempool table: what the pool held, so a restart can offer it again.
class SqlMempoolStore {
public:
    explicit SqlMempoolStore(Database& db)
        : db_(db) {}

    void add(const MempoolEntry& entry);
    void remove(const std::vector<Hash256>& txids);
    // Replaces the table's contents with `entries` (after a reorg rebuilt the pool).
    void replaceAll(const std::vector<const MempoolEntry*>& entries);

    struct SavedTx {
        Transaction tx;
        qint64 receivedAt = 0;
    };
    // Oldest first, as long as they fit in `maxTotalBytes`; rows larger than `maxTxBytes` are
    // not read (a damaged or edited table cannot make the node read more than the pool holds).
    // Rows that do not decode are skipped (and counted in `corrupt`).
    std::vector<SavedTx> load(std::size_t maxTxBytes, std::size_t maxTotalBytes,
                              std::size_t* corrupt = nullptr);

private:
    void insert(const MempoolEntry& entry);

    Database& db_;
};

} // namespace mbc::store
