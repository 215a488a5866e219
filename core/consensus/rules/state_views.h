#pragma once

#include "consensus/primitives/transaction.h"

#include <cstdint>
#include <optional>

namespace mbc {

// An unspent output as validation sees it.
struct Coin {
    TxOut output;
    std::uint32_t height = 0; // height of the block that created it
    bool coinbase = false;
    bool operator==(const Coin&) const = default;
};

// What validation may ask of the state it checks against. The chain, the mempool and tests
// implement these; validation itself never touches storage.

// The unspent outputs of the chain a block or transaction builds on.
class UtxoView {
public:
    virtual ~UtxoView() = default;
    virtual std::optional<Coin> coin(const OutPoint& outpoint) const = 0;
};

// The txids of every block from genesis to the parent of the block being checked.
class ChainTxIndex {
public:
    virtual ~ChainTxIndex() = default;
    virtual bool containsTx(const Hash256& txid) const = 0;
};

// Which mempool transaction, if any, already spends an output.
class MempoolSpends {
public:
    virtual ~MempoolSpends() = default;
    virtual std::optional<Hash256> spenderOf(const OutPoint& outpoint) const = 0;
};

} // namespace mbc
