// SqlChainQueries::chainTips: the ends of the block index's branches (GET /chaintips).
#include "store/sql_chain_queries.h"
#include "store/sql_chain_store.h"

#include <QSqlQuery>

namespace mbc::store {

std::vector<SqlChainQueries::ChainTipRow> SqlChainQueries::chainTips(std::size_t limit,
                                                                     std::size_t maxWalk) {
    QSqlQuery& q = db_.prepare(
        QStringLiteral("SELECT %1 FROM blocks b WHERE NOT EXISTS (SELECT 1 FROM blocks c"
                       " WHERE c.prev_hash = b.hash) ORDER BY b.chain_work DESC, b.seq ASC LIMIT ?")
            .arg(blockRecordColumns("b.")));
    q.addBindValue(static_cast<qint64>(limit));
    db_.run(q);
    std::vector<ChainTipRow> tips;
    while (q.next())
        tips.push_back({readBlockRecord(q), std::nullopt});
    q.finish();

    std::size_t walked = 0;
    for (ChainTipRow& tip : tips) {
        std::optional<BlockRecord> at = tip.record;
        while (at) {
            if (activeHeightOf(at->hash)) {
                tip.forkHeight = at->height;
                break;
            }
            if (at->header.isGenesis()) {
                tip.forkHeight = -1;
                break;
            }
            if (walked++ >= maxWalk)
                break;
            at = storedBlockRecord(db_, at->header.prevHash);
        }
    }
    return tips;
}

} // namespace mbc::store
