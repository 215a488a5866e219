#include "consensus/serialize/tx_serialize.h"

#include "consensus/crypto/hashes.h"
#include "consensus/primitives/block.h"

#include <stdexcept>
#include <string>

namespace mbc {
namespace {

// Smallest encodings, used to bound element counts by the bytes that remain.
constexpr std::size_t kMinTxInSize = 32 + 4 + 1 + 1; // outpoint, two empty length prefixes
constexpr std::size_t kMinTxOutSize = 8 + 20;

void writePreimage(ByteWriter& w, const Transaction& tx, std::vector<std::size_t>* inputEnds) {
    w.i32(tx.version);
    w.varint(tx.inputs.size());
    for (const TxIn& in : tx.inputs) {
        w.bytes(in.prevout.txid.span());
        w.u32(in.prevout.index);
        if (inputEnds)
            inputEnds->push_back(w.size());
    }
    w.varint(tx.outputs.size());
    for (const TxOut& o : tx.outputs) {
        w.i64(o.amount);
        w.bytes(o.pubkeyHash.span());
    }
    w.u32(tx.locktime);
}

} // namespace

Bytes txidPreimage(const Transaction& tx) {
    Bytes out;
    ByteWriter w(out);
    writePreimage(w, tx, nullptr);
    return out;
}

Hash256 computeTxid(const Transaction& tx) {
    return sha256d(txidPreimage(tx));
}

TxPreimage::TxPreimage(const Transaction& tx) {
    inputEnds_.reserve(tx.inputs.size());
    ByteWriter w(bytes_);
    writePreimage(w, tx, &inputEnds_);
}

Hash256 TxPreimage::txid() const {
    return sha256d(bytes_);
}

Bytes TxPreimage::sighashPreimage(std::size_t inputIndex, const PubKeyHash& pkh) const {
    if (inputIndex >= inputEnds_.size())
        throw std::out_of_range("sighash input index " + std::to_string(inputIndex));
    const auto split = bytes_.begin() + static_cast<std::ptrdiff_t>(inputEnds_[inputIndex]);
    Bytes out(bytes_.begin(), split);
    out.insert(out.end(), pkh.begin(), pkh.end());
    out.insert(out.end(), split, bytes_.end());
    return out;
}

Hash256 TxPreimage::sighash(std::size_t inputIndex, const PubKeyHash& pkh) const {
    if (inputIndex >= inputEnds_.size())
        throw std::out_of_range("sighash input index " + std::to_string(inputIndex));
    const ByteSpan all(bytes_);
    const std::size_t split = inputEnds_[inputIndex];
    const Hash256 once =
        Sha256().write(all.first(split)).write(pkh.span()).write(all.subspan(split)).finalize();
    return sha256(once.span());
}

Bytes sighashPreimage(const Transaction& tx, std::size_t inputIndex, const PubKeyHash& pkh) {
    return TxPreimage(tx).sighashPreimage(inputIndex, pkh);
}

Hash256 computeSighash(const Transaction& tx, std::size_t inputIndex, const PubKeyHash& pkh) {
    return TxPreimage(tx).sighash(inputIndex, pkh);
}

void writeTx(ByteWriter& w, const Transaction& tx) {
    w.i32(tx.version);
    w.varint(tx.inputs.size());
    for (const TxIn& in : tx.inputs) {
        w.bytes(in.prevout.txid.span());
        w.u32(in.prevout.index);
        w.lengthPrefixed(in.signature);
        w.lengthPrefixed(in.pubkey);
    }
    w.varint(tx.outputs.size());
    for (const TxOut& o : tx.outputs) {
        w.i64(o.amount);
        w.bytes(o.pubkeyHash.span());
    }
    w.u32(tx.locktime);
}

Bytes encodeTx(const Transaction& tx) {
    Bytes out;
    out.reserve(encodedTxSize(tx));
    ByteWriter w(out);
    writeTx(w, tx);
    return out;
}

std::size_t encodedTxSize(const Transaction& tx) {
    std::size_t n = 4 + ByteWriter::varintSize(tx.inputs.size()) +
                    ByteWriter::varintSize(tx.outputs.size()) + 4 +
                    tx.outputs.size() * kMinTxOutSize;
    for (const TxIn& in : tx.inputs)
        n += 36 + ByteWriter::varintSize(in.signature.size()) + in.signature.size() +
             ByteWriter::varintSize(in.pubkey.size()) + in.pubkey.size();
    return n;
}

Transaction readTx(ByteReader& r) {
    Transaction tx;
    tx.version = r.i32("version");
    const std::size_t nIn = r.count(kMinTxInSize, "inputs");
    tx.inputs.reserve(nIn);
    for (std::size_t i = 0; i < nIn && !r.failed(); ++i) {
        TxIn in;
        r.bytes(in.prevout.txid.bytes, "prev_txid");
        in.prevout.index = r.u32("prev_index");
        in.signature = r.lengthPrefixed("signature");
        in.pubkey = r.lengthPrefixed("pubkey");
        tx.inputs.push_back(std::move(in));
    }
    const std::size_t nOut = r.count(kMinTxOutSize, "outputs");
    tx.outputs.reserve(nOut);
    for (std::size_t i = 0; i < nOut && !r.failed(); ++i) {
        TxOut o;
        o.amount = r.i64("amount");
        r.bytes(o.pubkeyHash.bytes, "pubkey_hash");
        tx.outputs.push_back(o);
    }
    tx.locktime = r.u32("locktime");
    return tx;
}

Result<Transaction> decodeTx(ByteSpan bytes) {
    if (bytes.size() > MAX_BLOCK_SIZE)
        return fail(RejectCode::TxOversize, "transaction of " + std::to_string(bytes.size()) +
                                                " bytes is larger than a block may be (" +
                                                std::to_string(MAX_BLOCK_SIZE) + ")");
    ByteReader r(bytes);
    Transaction tx = readTx(r);
    r.expectEnd("transaction");
    if (r.failed())
        return r.failure();
    return tx;
}

} // namespace mbc
