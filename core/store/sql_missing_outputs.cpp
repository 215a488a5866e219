// Whether the store can be believed when it says a block spends an output that is not there.
// Its UTXO set is one table: a row lost or edited there would otherwise condemn an honest block
// for good (THREATS.md 2), so a refusal for a missing input is checked against what else the
// store holds of the same txs: their other outputs, and the bodies of the blocks holding them.
// (Where every row of a tx is gone, nothing in the store says it was ever there.)
#include "store/sql_chain_store.h"

#include "consensus/serialize/block_serialize.h"
#include "store/sql_dialect.h"

#include <QVariant>

#include <algorithm>
#include <climits>

namespace mbc::store {
namespace {

std::string outpointText(const OutPoint& op) {
    return op.txid.hex() + ":" + std::to_string(op.index);
}

std::string coinText(const Coin& coin) {
    return "amount " + std::to_string(coin.output.amount) + " to " + coin.output.pubkeyHash.hex() +
           " at height " + std::to_string(coin.height) + (coin.coinbase ? ", coinbase" : "");
}

} // namespace

void SqlChainStore::confirmMissing(const OutPoint& outpoint) {
    db_.writeDeferred(); // what a batch holds is in the table before the table is read
    if (const auto why = whyShouldHold(outpoint))
        throw StoreError("the store is corrupt: " + *why +
                             "; the block that spends it is not refused for it",
                         StoreError::Kind::Corrupt);
}

void SqlChainStore::confirmCoins(std::span<const std::pair<OutPoint, Coin>> spent) {
    db_.writeDeferred();
    std::vector<Hash256> asked; // in the order named, each once
    for (const auto& [op, coin] : spent) {
        if (std::find(asked.begin(), asked.end(), op.txid) == asked.end()) {
            if (asked.size() == kMostTxsConfirmed)
                continue;
            asked.push_back(op.txid);
        }
    }
    std::optional<ActiveBody> read; // txs of one block named one after another: one read
    for (const Hash256& txid : asked) {
        const ChainTx found = txOfActiveChain(txid, read);
        if (found.damage)
            throw StoreError("the store is corrupt: " + *found.damage, StoreError::Kind::Corrupt);
        for (const auto& [op, coin] : spent) {
            if (op.txid != txid)
                continue;
            Coin made;
            if (found.tx && op.index < found.tx->outputs.size())
                made = Coin{found.tx->outputs[op.index], found.height, found.coinbase};
            if (!found.tx || op.index >= found.tx->outputs.size() || !(made == coin))
                throw StoreError("the store is corrupt: the outputs table holds output " +
                                     outpointText(op) + " as " + coinText(coin) +
                                     (found.tx && op.index < found.tx->outputs.size()
                                          ? ", but the active chain's tx made it " + coinText(made)
                                          : ", which the active chain's txs did not make") +
                                     "; the block that spends it is not refused for it",
                                 StoreError::Kind::Corrupt);
        }
    }
}

std::optional<std::string> SqlChainStore::whyShouldHold(const OutPoint& op) {
    std::optional<ActiveBody> read;
    QSqlQuery& row =
        db_.prepare("SELECT spent_txid, height FROM outputs WHERE txid = ? AND vout = ?");
    row.addBindValue(SqlDialect::keyValue(op.txid));
    row.addBindValue(static_cast<qint64>(op.index));
    db_.run(row);
    if (row.next()) {
        const QVariant spender = row.value(0);
        const std::optional<std::int64_t> height = integerValue(row.value(1));
        row.finish();
        if (spender.isNull()) // staging gives validation every unspent coin below the block
            return "the outputs table holds output " + outpointText(op) + " unspent at height " +
                   (height ? std::to_string(*height) : std::string("(not a number)")) +
                   ", where the block could not spend it (the tip is at " +
                   std::to_string(tip().height) + ")";
        const Hash256 spenderTxid = hashFromBytes(spender);
        const ChainTx found = txOfActiveChain(spenderTxid, read);
        if (found.damage)
            return found.damage;
        if (!found.tx)
            return "output " + outpointText(op) + " is marked spent by tx " + spenderTxid.hex() +
                   ", which the active chain does not hold";
        const auto& inputs = found.tx->inputs;
        if (std::none_of(inputs.begin(), inputs.end(),
                         [&](const TxIn& in) { return in.prevout == op; }))
            return "output " + outpointText(op) + " is marked spent by tx " + spenderTxid.hex() +
                   " of the active chain, which does not spend it";
        return std::nullopt; // spent by the active chain: the block spends it again
    }
    row.finish();

    const ChainTx found = txOfActiveChain(op.txid, read);
    if (found.damage)
        return found.damage;
    if (found.tx && op.index < found.tx->outputs.size())
        return "the outputs table has no row for output " + outpointText(op) + " of tx " +
               op.txid.hex() + " (at height " + std::to_string(found.height) +
               " of the active chain)";
    return std::nullopt; // no such tx, or it has no such output
}

const SqlChainStore::ActiveBody& SqlChainStore::activeBodyAt(std::uint32_t height,
                                                             std::optional<ActiveBody>& last) {
    if (last && last->height == height)
        return *last;
    ActiveBody& body = last.emplace();
    body.height = height;
    body.hash = activeHashAt(height);
    if (body.hash)
        if (const std::optional<Bytes> bytes = blockBytes(*body.hash))
            if (auto decoded = decodeBlock(*bytes)) {
                body.block = std::move(decoded).value();
                body.txids = computeTxids(*body.block);
            }
    return body;
}

SqlChainStore::ChainTx SqlChainStore::txOfActiveChain(const Hash256& txid,
                                                      std::optional<ActiveBody>& last) {
    ChainTx out;
    const std::optional<std::uint32_t> height = heightOfTx(txid);
    if (!height)
        return out;
    out.height = *height;
    const std::string place = "tx " + txid.hex() + " at height " + std::to_string(*height);
    const ActiveBody& body = activeBodyAt(*height, last);
    if (!body.hash) {
        out.damage = "the outputs table places " + place + ", above the active chain's tip";
        return out;
    }
    if (!body.block) {
        out.damage = "block " + body.hash->hex() + " of the active chain has no readable body";
        return out;
    }
    const auto at = std::find(body.txids.begin(), body.txids.end(), txid);
    if (at == body.txids.end()) {
        out.damage = "the outputs table places " + place + ", in block " + body.hash->hex() +
                     ", which does not hold it";
        return out;
    }
    out.tx = body.block->transactions[std::size_t(at - body.txids.begin())];
    out.coinbase = at == body.txids.begin();
    return out;
}

std::optional<std::uint32_t> SqlChainStore::heightOfTx(const Hash256& txid) {
    QSqlQuery& q = db_.prepare("SELECT height FROM outputs WHERE txid = ? LIMIT 1");
    q.addBindValue(SqlDialect::keyValue(txid));
    db_.run(q);
    const bool found = q.next();
    const std::optional<std::int64_t> height = found ? integerValue(q.value(0)) : std::nullopt;
    q.finish();
    if (found && (!height || *height < 0 || *height > INT32_MAX))
        throw StoreError("the store is corrupt: the outputs table holds tx " + txid.hex() +
                             " at a height no block has",
                         StoreError::Kind::Corrupt);
    return height ? std::optional<std::uint32_t>(std::uint32_t(*height)) : std::nullopt;
}

} // namespace mbc::store
