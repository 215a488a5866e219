#pragma once

#include "cli/cli_args.h"
#include "cli/node_client.h"

#include <QList>

namespace mbc::cli {

// What a command that talks to a node gets. Commands throw CliError on any failure.
struct CommandContext {
    const CliArgs& args;
    const NodeClient& node;
    bool json; // --json: print the node's JSON for scripts
};

struct CommandInfo {
    QString name;
    QString usage;   // "balance ADDRESS"
    QString summary; // one line for --help
    QStringList valueOptions;
    int minPositional = 0;
    int maxPositional = 0;
    void (*run)(const CommandContext&) = nullptr;
};

// Every command except create-wallet, in the order --help lists them.
const QList<CommandInfo>& nodeCommands();

// The options every node command takes.
inline const QStringList kCommonOptions{"node", "token", "token-file", "datadir", "timeout"};

// Commands, by file.
void showStatus(const CommandContext& c);
void showBalance(const CommandContext& c);
void showUtxos(const CommandContext& c);
void sendPayment(const CommandContext& c);
void mineBlock(const CommandContext& c);
void managePeers(const CommandContext& c);
void syncFromPeer(const CommandContext& c);
void showBlock(const CommandContext& c);
void showTransaction(const CommandContext& c);
void showMempool(const CommandContext& c);
void showChain(const CommandContext& c);
void showChainTips(const CommandContext& c);
void checkInput(const CommandContext& c);

} // namespace mbc::cli
