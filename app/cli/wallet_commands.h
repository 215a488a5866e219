#pragma once

#include "cli/cli_args.h"
#include "cli/node_client.h"
#include "node/wallet_file.h"
#include "wallet/keystore.h"

#include <QList>

#include <optional>

// minibitcoin-cli wallet <command>: the app's wallet file (recovery words, keys sealed with a
// passphrase), used from the command line with the same code as the app.
namespace mbc::cli {

struct WalletContext {
    const CliArgs& args;
    QString walletPath;             // --wallet, else DATADIR/wallet.json
    std::optional<NodeClient> node; // for commands that ask the node
    bool json;
};

struct WalletCommandInfo {
    QString name;
    QString usage;
    QString summary;
    QStringList valueOptions;
    int minPositional = 0;
    int maxPositional = 0;
    bool needsNode = false;
    void (*run)(WalletContext&) = nullptr;
};

// In the order `wallet --help` lists them.
const QList<WalletCommandInfo>& walletCommands();

// Runs `minibitcoin-cli wallet ARGS...`; returns the exit code.
int runWalletCommand(const QStringList& args);

// The wallet file, read (CliError if it is missing or not one).
node::WalletFile loadWalletFile(const WalletContext& c);
wallet::Keystore loadWallet(const WalletContext& c);
// The same, unlocked with a passphrase read from the terminal or stdin.
wallet::Keystore unlockWallet(const WalletContext& c);
// Writes it back (atomically); CliError on failure.
void saveWallet(const WalletContext& c, const wallet::Keystore& keystore);
// The same, with a changed book (requests).
void saveWallet(const WalletContext& c, const wallet::Keystore& keystore,
                const wallet::WalletBook& book);
// --address: one of the wallet's addresses; without it, the wallet's only one (else CliError).
PubKeyHash chosenAddress(const WalletContext& c, const wallet::Keystore& keystore);
QString labelOf(const wallet::Keystore& keystore, const PubKeyHash& address);

// Commands, by file.
void createWalletFile(WalletContext& c);    // wallet_setup.cpp
void restoreWalletFile(WalletContext& c);   // wallet_setup.cpp
void listAddresses(WalletContext& c);       // wallet_views.cpp
void addAddress(WalletContext& c);          // wallet_views.cpp
void showWalletBalance(WalletContext& c);   // wallet_views.cpp
void listCoins(WalletContext& c);           // wallet_views.cpp
void sendFromWallet(WalletContext& c);      // wallet_send.cpp
void signWithAddress(WalletContext& c);     // wallet_messages.cpp
void verifySignedMessage(WalletContext& c); // wallet_messages.cpp
void requestPayment(WalletContext& c);      // wallet_records.cpp
void exportHistory(WalletContext& c);       // wallet_records.cpp

} // namespace mbc::cli
