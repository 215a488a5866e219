#pragma once

#include "wallet/keystore.h"
#include "wallet/wallet_book.h"

#include <QLockFile>
#include <QString>

#include <memory>

#include <optional>
#include <variant>

// The wallet's file on disk, the same for the app and minibitcoin-cli.
namespace mbc::node {

// DIR/wallet.json: where the app keeps the wallet of the node whose data directory is DIR.
QString walletPathIn(const QString& dataDir);

// Whoever writes the wallet file holds this lock (PATH.lock) first: the app for as long as it
// has the wallet open, minibitcoin-cli for one command. Each writes the whole file from what it
// holds in memory, so two at once would lose each other's new keys. nullptr if another
// process holds it.
std::unique_ptr<QLockFile> lockWalletFile(const QString& path);

struct WalletFile {
    wallet::Keystore keystore;
    wallet::WalletBook book;
};

struct WalletFileError {
    QString message;                               // the path and the reason, in English
    std::optional<wallet::KeystoreError> keystore; // when the keystore was refused: which way
};

// The wallet in `path`, or why not.
std::variant<WalletFile, WalletFileError> readWalletFile(const QString& path);

// Writes the wallet whole to a temporary file beside `path` and renames it over `path`
// (a crash leaves the old file or the new one, never half of one), readable by its owner only.
// Returns the operating system's reason on failure, else an empty string.
QString writeWalletFile(const QString& path, const wallet::Keystore& keystore,
                        const wallet::WalletBook& book);

} // namespace mbc::node
