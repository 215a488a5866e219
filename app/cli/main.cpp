// minibitcoin-cli: the command-line client of a MiniBitcoin node.
#include "cli/commands.h"
#include "cli/create_wallet.h"
#include "cli/wallet_commands.h"
#include "node/printable_text.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

#include <sys/stat.h>

namespace {

QString usage() {
    QString out = "Usage: minibitcoin-cli <command> [arguments] [options]\n\nCommands:\n";
    auto line = [&out](const QString& usage, const QString& summary) {
        out += "  " + usage.leftJustified(52) + " " + summary + "\n";
    };
    line("create-wallet", "Generate a new key pair and print its address.");
    line("wallet <command>", "The app's wallet: create, restore, addresses, send, sign... "
                             "(see: wallet --help).");
    for (const auto& c : mbc::cli::nodeCommands())
        line(c.usage, c.summary);
    out += "\nOptions:\n";
    line("--node URL", "The node to talk to (default http://localhost:8000).");
    line("--json", "Print JSON for scripts instead of a table.");
    line("--token-file FILE", "Admin token for the node, read from FILE (any --node).");
    line("--token TOKEN", "The same on the command line (visible to others in ps).");
    line("--datadir DIR", "Read the admin token from DIR/api_token (nodes on this machine).");
    line("--timeout SECONDS", "How long to wait for the node (default 30; mine: 3600).");
    line("-h, --help", "Show this help.");
    line("-v, --version", "Show the version.");
    return out;
}

int fail(int code, const QString& message) {
    // (A node's error detail, or a txid it answered, is part of many messages.)
    std::fprintf(stderr, "minibitcoin-cli: %s\n", qPrintable(mbc::node::printableText(message)));
    return code;
}

int runNodeCommand(const mbc::cli::CommandInfo& command, const QStringList& rawArgs) {
    using namespace mbc::cli;
    ArgsSpec spec{command.valueOptions + kCommonOptions,
                  {},
                  {"json"},
                  command.minPositional,
                  command.maxPositional,
                  command.usage};
    const auto parsed = parseCliArgs(rawArgs, spec);
    if (const auto* why = std::get_if<QString>(&parsed))
        return fail(2, command.name + ": " + *why);
    const CliArgs& args = std::get<CliArgs>(parsed);
    try {
        bool ok = true;
        const int timeout = args.options.contains("timeout") ? args.option("timeout").toInt(&ok)
                            : command.name == "mine"         ? 3600
                                                             : 30;
        if (!ok || timeout < 1)
            throw CliError("--timeout: '" + args.option("timeout") +
                           "' is not a number of seconds");
        const QUrl url = parseNodeUrl(args.option("node", "http://localhost:8000"));
        if (args.options.contains("token"))
            std::fprintf(stderr, "minibitcoin-cli: warning: --token puts the admin token where "
                                 "every user of this machine can see it (ps) and in your "
                                 "shell's history; use --token-file instead\n");
        const NodeClient client(url,
                                findApiToken(args.option("token"), args.option("token-file"),
                                             args.option("datadir"), url),
                                timeout);
        command.run(CommandContext{args, client, args.has("json")});
        return 0;
    } catch (const CliError& e) {
        return fail(1, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) { // a node's answer of the wrong shape, say
        return fail(1, command.name + ": " + QString::fromUtf8(e.what()) +
                           " (the node's answer is not what this command expects)");
    }
}

} // namespace

int main(int argc, char** argv) {
    // Wallet files (and their copies while saved) and exported history are the user's alone.
    ::umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("minibitcoin-cli");
    QCoreApplication::setApplicationVersion(MINIBITCOIN_VERSION);

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == "-h" || args.first() == "--help" ||
        args.first() == "help") {
        std::fputs(qPrintable(usage()), args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == "-v" || args.first() == "--version") {
        std::printf("minibitcoin-cli %s\n", MINIBITCOIN_VERSION);
        return 0;
    }
    // Options common to all commands may also come before the command's name.
    QStringList leading;
    while (!args.isEmpty() && args.first().startsWith("--")) {
        const QString name = args.first().mid(2).section('=', 0, 0);
        const bool takesValue =
            mbc::cli::kCommonOptions.contains(name) && !args.first().contains('=');
        leading << args.takeFirst();
        if (takesValue && !args.isEmpty())
            leading << args.takeFirst();
        else if (name != "json" && !mbc::cli::kCommonOptions.contains(name))
            return fail(2, "unexpected option '" + leading.first() + "' before the command");
    }
    if (args.isEmpty())
        return fail(2, "no command given (see --help)");
    const QString command = args.takeFirst();
    args += leading;
    if (command == "create-wallet")
        return mbc::cli::createWallet(args);
    if (command == "wallet")
        return mbc::cli::runWalletCommand(args);
    for (const auto& c : mbc::cli::nodeCommands())
        if (c.name == command)
            return runNodeCommand(c, args);
    return fail(2, "unknown command '" + command + "' (see --help)");
}
