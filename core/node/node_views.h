#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/block.h"
#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/transaction.h"
#include "consensus/primitives/uint256.h"
#include "wallet/wallet_accounting.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// What a node shows the app, as plain values copied out on the node's thread (NodeInterface).
namespace mbc::node {

// One row of the peer table.
struct PeerView {
    enum class Health {
        Active,        // it has answered
        NotReachedYet, // added, never answered yet
        Banned,        // for sending invalid data (until `untilMs`)
        RetryLater,    // unreachable; tried again at `untilMs`
        Retrying,      // unreachable; tried again soon
    };
    QString url;
    Health health = Health::NotReachedYet;
    std::int64_t untilMs = 0; // ms since the epoch, for Banned and RetryLater
    int failures = 0;
    std::int64_t lastSeen = 0; // seconds since the epoch; 0: never
};

// One transaction waiting in the mempool.
struct MempoolView {
    Hash256 txid;
    Amount fee = 0;
    std::size_t size = 0;        // bytes
    std::int64_t receivedAt = 0; // seconds since the epoch
};

// One route of the node's REST API, for the console's completion.
struct RestRoute {
    QString method; // GET, POST
    QString path;   // with {placeholders}, e.g. /block/{hash}
    bool admin = false;
};

// One block of the active chain, as the block list shows it.
struct BlockSummary {
    Hash256 hash;
    std::uint32_t height = 0;
    std::int64_t timestamp = 0;
    std::uint32_t txCount = 0;
    std::uint32_t size = 0; // bytes
    UInt256 chainWork;
};

// A stored block, active or not, with what its page shows.
struct BlockView {
    BlockSummary summary;
    BlockHeader header;
    bool onActiveChain = false;
    std::int64_t tipHeight = -1;
    std::vector<Hash256> txids;
    std::vector<Amount> outputTotals; // per transaction, in block order
};

// A transaction of the active chain or the mempool.
struct TxView {
    struct Place {
        Hash256 blockHash;
        std::uint32_t height = 0;
        Hash256 merkleRoot;
        std::size_t index = 0;      // in the block
        std::vector<Hash256> txids; // the block's, for its merkle proof
    };
    Hash256 txid;
    Transaction tx;
    std::optional<Place> block; // nullopt: in the mempool
    std::int64_t tipHeight = -1;
    // The outputs its first inputs spend (at most kLookedUpInputs), nullopt where unknown.
    static constexpr std::size_t kLookedUpInputs = 100;
    std::vector<std::optional<TxOut>> spentOutputs;
};

// An address of the active chain: totals, unspent outputs and recent history.
struct AddressView {
    PubKeyHash address;
    Amount balance = 0;
    std::uint64_t utxoCount = 0;
    Amount received = 0;
    Amount sent = 0;
    std::uint64_t txCount = 0;
    std::vector<wallet::OwnedCoin> unspent;       // oldest first
    std::vector<wallet::AddressActivity> history; // newest first, at most kHistoryItems
    static constexpr std::uint64_t kHistoryItems = 50;
};

// The node's fee for a typical payment (one input, two outputs), and why.
struct FeeQuote {
    Amount typicalTxFee = 0;
    std::string basis;
    Amount feePerByte = 0; // what typicalTxFee is per byte of the payment
};

} // namespace mbc::node
