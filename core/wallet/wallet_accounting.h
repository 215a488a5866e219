#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/fixed_bytes.h"
#include "consensus/primitives/transaction.h"
#include "wallet/coin_selection.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

// What a set of addresses owns, has pending and did, from what the chain and the mempool say:
// the one place the app, the CLI and the REST API count a wallet's coins.
namespace mbc::wallet {

// An unspent output of the active chain paying one of the addresses.
struct OwnedCoin {
    OutPoint outpoint;
    PubKeyHash address;
    Amount amount = 0;
    std::uint32_t height = 0;
    bool coinbase = false;
    bool spentInMempool = false; // an unconfirmed tx spends it already
};

// What one confirmed tx did to one address.
struct AddressActivity {
    Hash256 txid;
    std::uint32_t height = 0;
    PubKeyHash address;
    Amount received = 0; // paid to the address by this tx
    Amount spent = 0;    // spent from the address by this tx
};

struct AddressBalance {
    Amount confirmed = 0; // unspent outputs of the active chain
    Amount pending = 0;   // unconfirmed change: mempool payments in minus spends out
};

// One of the wallet's transactions, with what it did to the wallet as a whole.
struct WalletTx {
    Hash256 txid;
    std::optional<std::uint32_t> height; // nullopt: in the mempool
    Amount net = 0;                      // received by the addresses minus spent from them
};

// What the chain and mempool hold for the addresses (gathered by the node).
struct WalletChainData {
    std::vector<OwnedCoin> unspent;          // every address's, oldest first per address
    std::vector<AddressActivity> confirmed;  // each address's recent history, newest first
    std::vector<const Transaction*> mempool; // every unconfirmed tx
    std::vector<Hash256> mempoolTxids;       // theirs, in the same order
    std::int64_t tipHeight = -1;
};

struct WalletView {
    std::map<PubKeyHash, AddressBalance> balances; // every address asked for
    std::vector<OwnedCoin> coins;                  // unspent, spent in the mempool marked
    std::vector<WalletTx> history;                 // pending first, then newest first
    std::int64_t tipHeight = -1;

    Amount confirmedTotal() const;
    Amount pendingTotal() const;
};

WalletView accountFor(const std::vector<PubKeyHash>& addresses, const WalletChainData& data);

// The coins a new payment may spend: unspent and not spent by an unconfirmed tx already;
// only `from`'s when given.
std::vector<SpendableCoin> spendableCoins(const std::vector<OwnedCoin>& coins,
                                          const std::optional<PubKeyHash>& from = std::nullopt);

} // namespace mbc::wallet
