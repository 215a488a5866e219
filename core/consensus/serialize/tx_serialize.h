#pragma once

#include "consensus/primitives/transaction.h"
#include "consensus/result.h"
#include "consensus/serialize/byte_reader.h"
#include "consensus/serialize/byte_writer.h"

#include <cstdint>
#include <vector>

namespace mbc {

// txid preimage (consensus/PROTOCOL.md §3): version | varint(n_in) | n_in x (prev_txid |
// prev_index) | varint(n_out) | n_out x (amount | pubkey_hash) | locktime. No signatures or
// pubkeys.
Bytes txidPreimage(const Transaction& tx);
Hash256 computeTxid(const Transaction& tx);

// One transaction's txid preimage, remembering where each input ends, so that every input's
// sighash (the same bytes with the spent output's pubkey_hash spliced in after that input)
// comes from a single serialization without copying.
class TxPreimage {
public:
    explicit TxPreimage(const Transaction& tx);

    ByteSpan bytes() const { return bytes_; }
    Hash256 txid() const;
    Bytes sighashPreimage(std::size_t inputIndex, const PubKeyHash& spentPubkeyHash) const;
    Hash256 sighash(std::size_t inputIndex, const PubKeyHash& spentPubkeyHash) const;

private:
    Bytes bytes_;
    std::vector<std::size_t> inputEnds_;
};

Bytes sighashPreimage(const Transaction& tx, std::size_t inputIndex,
                      const PubKeyHash& spentPubkeyHash);
Hash256 computeSighash(const Transaction& tx, std::size_t inputIndex,
                       const PubKeyHash& spentPubkeyHash);

// Full binary form (consensus/PROTOCOL.md §3): the txid preimage with varint(len) | signature |
// varint(len) | pubkey after each input's prev_index.
void writeTx(ByteWriter& w, const Transaction& tx);
Bytes encodeTx(const Transaction& tx);
std::size_t encodedTxSize(const Transaction& tx);

// Reads one transaction from a larger input (used for blocks).
Transaction readTx(ByteReader& r);
// Decodes exactly one transaction: refuses truncation, trailing bytes, impossible counts,
// non-canonical varints and anything larger than a block could hold.
Result<Transaction> decodeTx(ByteSpan bytes);

} // namespace mbc
