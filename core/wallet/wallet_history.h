#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/transaction.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

// The wallet's transactions as a user reads them: when, what kind, with whom, how much.
namespace mbc::wallet {

enum class TxKind {
    Mined,    // a block's reward to one of the wallet's addresses
    Received, // paid to the wallet by others
    Sent,     // paid by the wallet to others
    ToSelf,   // the wallet paid its own addresses: only the fee left it
};

struct HistoryEntry {
    Hash256 txid;
    std::optional<std::uint32_t> height; // nullopt: in the mempool
    std::int64_t time = 0;               // the block's timestamp (seconds); 0 while pending
    TxKind kind = TxKind::Received;
    Amount net = 0; // what the wallet gained (negative: paid, fee included)
    // The other side: who paid (a receipt's inputs) or who was paid (a payment's outputs),
    // none of them the wallet's own addresses; for Mined and ToSelf, the wallet's address(es).
    std::vector<PubKeyHash> counterparties;
    std::vector<PubKeyHash> receivedOn; // the wallet's addresses this tx paid
};

// The words for an entry's other side: the labels of its counterparties, else, for coins that
// came in (a payment to one of the wallet's request addresses, say), the labels of the wallet's
// addresses it paid.
std::string entryLabel(const HistoryEntry& e,
                       const std::function<std::string(const PubKeyHash&)>& labelOf);

// What `tx` was to the wallet whose addresses are `own`, given the outputs its inputs spent
// (nullopt where unknown) and its net effect on the wallet.
HistoryEntry describeTransaction(const Transaction& tx,
                                 const std::vector<std::optional<TxOut>>& spentOutputs,
                                 const std::set<PubKeyHash>& own, Amount net);

// "mined", "received", "sent", "to yourself".
const char* kindName(TxKind kind);

// The history as CSV (RFC 4180, one header line): date (UTC, ISO 8601, or "pending"), kind,
// label, counterparty, amount in coins, txid, height. Text cells that a spreadsheet would take
// for a formula (starting =, +, -, @) get a leading apostrophe.
std::string historyCsv(const std::vector<HistoryEntry>& entries,
                       const std::function<std::string(const PubKeyHash&)>& labelOf);

} // namespace mbc::wallet
