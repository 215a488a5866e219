#pragma once

#include "cli/node_client.h"
#include "wallet/payment_builder.h"

#include <vector>

namespace mbc::cli {

// The coins of `owner` a node says are unspent, each checked against its transaction: a
// signature does not cover the amount it spends, so a lying node (or anyone on the plain-HTTP
// path to it) could under-report a coin and have the user sign the rest away as fee. Each
// coin's transaction is fetched from /tx, its txid recomputed, and the output's owner and
// amount taken from it; a coin the node misreports is refused (CliError naming it).
std::vector<wallet::SpendableCoin> verifiedCoins(const NodeClient& node, const PubKeyHash& owner);

// The last look before a payment is sent: it spends only checked coins, each once; its
// outputs are exactly the recipients, in order, then at most one to `changeAddress`; and its
// fee, from what the checked coins are worth, is exactly `fee`. Throws CliError saying what is
// off.
void checkPayment(const Transaction& tx, const std::vector<wallet::SpendableCoin>& coins,
                  const std::vector<wallet::Recipient>& recipients, const PubKeyHash& changeAddress,
                  Amount fee);

} // namespace mbc::cli
