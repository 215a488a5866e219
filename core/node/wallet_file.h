#pragma once

#include "wallet/keystore.h"

#include <QString>

#include <variant>

// The wallet's file on disk, the same for the app and minibitcoin-cli.
namespace mbc::node {

// DIR/wallet.json: where the app keeps the wallet of the node whose data directory is DIR.
QString walletPathIn(const QString& dataDir);

// The keystore in `path`, or why not (the path and the reason, in English).
std::variant<wallet::Keystore, QString> readWalletFile(const QString& path);

// Writes the keystore whole to a temporary file beside `path` and renames it over `path`
// (a crash leaves the old file or the new one, never half of one), readable by its owner only.
// Returns the operating system's reason on failure, else an empty string.
QString writeWalletFile(const QString& path, const wallet::Keystore& keystore);

} // namespace mbc::node
