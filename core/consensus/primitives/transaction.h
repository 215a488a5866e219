#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/bytes.h"
#include "consensus/primitives/fixed_bytes.h"

#include <cstdint>
#include <vector>

namespace mbc {

// A reference to one output of an earlier transaction.
struct OutPoint {
    Hash256 txid;
    std::uint32_t index = 0;

    // The coinbase input's reference: 32 zero bytes and index 0xFFFFFFFF.
    static OutPoint null() { return {Hash256{}, 0xFFFFFFFFu}; }
    bool isNull() const { return index == 0xFFFFFFFFu && txid.isZero(); }

    auto operator<=>(const OutPoint&) const = default;
};

struct TxIn {
    OutPoint prevout;
    Bytes signature; // DER, low-S; empty in a coinbase
    Bytes pubkey;    // 33-byte compressed; empty in a coinbase
    bool operator==(const TxIn&) const = default;
};

struct TxOut {
    Amount amount = 0;
    PubKeyHash pubkeyHash;
    bool operator==(const TxOut&) const = default;
};

struct Transaction {
    std::int32_t version = 1;
    std::vector<TxIn> inputs;
    std::vector<TxOut> outputs;
    std::uint32_t locktime = 0;

    // Exactly one input, spending the null outpoint (consensus/PROTOCOL.md §3).
    bool isCoinbase() const { return inputs.size() == 1 && inputs[0].prevout.isNull(); }

    bool operator==(const Transaction&) const = default;
};

// A coinbase paying `amount` to `payee`; locktime = height keeps coinbases to one address
// distinct (consensus/PROTOCOL.md §3).
Transaction makeCoinbase(std::uint32_t height, Amount amount, const PubKeyHash& payee);

// The outputs `tx` spends, in input order, appended to `out`.
void appendPrevouts(const Transaction& tx, std::vector<OutPoint>& out);

} // namespace mbc
