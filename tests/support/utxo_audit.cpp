#include "support/utxo_audit.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/sql_chain_store.h"

#include <QSqlQuery>
#include <QVariant>

#include <stdexcept>

namespace mbc::test {

UtxoMap utxosRecomputedFromBlocks(store::Database& db) {
    UtxoMap utxos;
    QSqlQuery& q = db.prepare("SELECT b.data FROM active_chain a JOIN blocks b ON b.hash = a.hash"
                              " ORDER BY a.height");
    db.run(q);
    while (q.next()) {
        const QByteArray data = q.value(0).toByteArray();
        const auto block = decodeBlock(Bytes(data.begin(), data.end()));
        if (!block)
            throw std::runtime_error("stored block does not decode: " + block.failure().toString());
        for (const Transaction& tx : block->transactions) {
            if (!tx.isCoinbase())
                for (const TxIn& in : tx.inputs)
                    if (utxos.erase(in.prevout) != 1)
                        throw std::runtime_error("the active chain spends a missing output");
            const Hash256 txid = computeTxid(tx);
            for (std::size_t o = 0; o < tx.outputs.size(); ++o)
                utxos[{txid, static_cast<std::uint32_t>(o)}] = tx.outputs[o];
        }
    }
    q.finish();
    return utxos;
}

UtxoMap utxosInOutputsTable(store::Database& db) {
    UtxoMap utxos;
    QSqlQuery& q =
        db.prepare("SELECT txid, vout, amount, pubkey_hash FROM outputs WHERE spent_txid IS NULL");
    db.run(q);
    while (q.next()) {
        const OutPoint op{store::hashFromText(q.value(0).toString()), q.value(1).toUInt()};
        utxos[op] = TxOut{q.value(2).toLongLong(),
                          *PubKeyHash::fromHex(q.value(3).toString().toStdString())};
    }
    q.finish();
    return utxos;
}

} // namespace mbc::test
