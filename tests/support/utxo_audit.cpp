#include "support/utxo_audit.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/sql_chain_store.h"
#include "support/memory_chain_state.h"
#include "support/test_database.h"

#include <QSqlQuery>
#include <QVariant>

#include <stdexcept>

namespace mbc::test {
namespace {

// Calls `visit` with each block of the active chain, genesis first, decoded from the store.
template <typename Visit>
void forEachActiveBlock(store::Database& db, Visit visit) {
    QSqlQuery& q = db.prepare("SELECT s.data FROM active_chain a JOIN block_bodies s"
                              " ON s.hash = a.hash ORDER BY a.height");
    db.run(q);
    while (q.next()) {
        const QByteArray data = q.value(0).toByteArray();
        const auto block = decodeBlock(Bytes(data.begin(), data.end()));
        if (!block)
            throw std::runtime_error("stored block does not decode: " + block.failure().toString());
        visit(*block);
    }
    q.finish();
}

} // namespace

UtxoMap utxosRecomputedFromBlocks(store::Database& db) {
    UtxoMap utxos;
    forEachActiveBlock(db, [&](const Block& block) {
        for (const Transaction& tx : block.transactions) {
            if (!tx.isCoinbase())
                for (const TxIn& in : tx.inputs)
                    if (utxos.erase(in.prevout) != 1)
                        throw std::runtime_error("the active chain spends a missing output");
            const Hash256 txid = computeTxid(tx);
            for (std::size_t o = 0; o < tx.outputs.size(); ++o)
                utxos[{txid, static_cast<std::uint32_t>(o)}] = tx.outputs[o];
        }
    });
    return utxos;
}

UtxoMap utxosValidatedFromBlocks(store::Database& db, const NetworkParams& params,
                                 std::int64_t now) {
    MemoryChainState state;
    std::vector<BlockHeader> headers;
    std::vector<Hash256> hashes;
    forEachActiveBlock(db, [&](const Block& block) {
        BlockContext ctx;
        ctx.now = now;
        if (!headers.empty()) {
            ParentInfo parent{
                hashes.back(), std::uint32_t(headers.size() - 1), headers.back().target, {}};
            const std::size_t first =
                headers.size() > params.medianTimeSpan ? headers.size() - params.medianTimeSpan : 0;
            for (std::size_t i = first; i < headers.size(); ++i)
                parent.recentTimestamps.push_back(headers[i].timestamp);
            ctx.parent = parent;
        }
        const auto changes = validateBlock(block, ctx, state, state, params);
        if (!changes)
            throw std::runtime_error("active block " + std::to_string(headers.size()) +
                                     " is not valid: " + changes.failure().toString());
        state.apply(*changes);
        headers.push_back(block.header);
        hashes.push_back(changes->blockHash);
    });
    UtxoMap utxos;
    for (const auto& [op, coin] : state.utxos())
        utxos[op] = coin.output;
    return utxos;
}

UtxoMap utxosInOutputsTable(store::Database& db) {
    UtxoMap utxos;
    QSqlQuery& q =
        db.prepare("SELECT txid, vout, amount, pubkey_hash FROM outputs WHERE spent_txid IS NULL");
    db.run(q);
    while (q.next()) {
        const OutPoint op{store::hashFromBytes(q.value(0)), q.value(1).toUInt()};
        utxos[op] = store::coinFromColumns(q.value(3), q.value(2), qint64(0), qint64(0)).output;
    }
    q.finish();
    return utxos;
}

std::int64_t unpairedBlockBodies(store::Database& db) {
    return queryInteger(db, "SELECT (SELECT COUNT(*) FROM blocks b WHERE NOT EXISTS"
                            " (SELECT 1 FROM block_bodies s WHERE s.hash = b.hash)) +"
                            " (SELECT COUNT(*) FROM block_bodies s WHERE NOT EXISTS"
                            " (SELECT 1 FROM blocks b WHERE b.hash = s.hash))");
}

} // namespace mbc::test
