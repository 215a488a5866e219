// minibitcoin-cli: the command-line client. Commands that talk to a node arrive with the node;
// create-wallet needs none.
#include "cli/create_wallet.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

namespace {

const char* kUsage = "Usage: minibitcoin-cli <command> [options]\n"
                     "\n"
                     "Commands:\n"
                     "  create-wallet [--json]   Generate a new key pair and print its address.\n"
                     "\n"
                     "Options:\n"
                     "  --json                   Print JSON for scripts instead of a table.\n"
                     "  -h, --help               Show this help.\n"
                     "  -v, --version            Show the version.\n";

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("minibitcoin-cli");
    QCoreApplication::setApplicationVersion(MINIBITCOIN_VERSION);

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.contains("-h") || args.contains("--help")) {
        std::fputs(kUsage, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.contains("-v") || args.contains("--version")) {
        std::printf("minibitcoin-cli %s\n", MINIBITCOIN_VERSION);
        return 0;
    }
    const QString command = args.takeFirst();
    if (command == "create-wallet")
        return mbc::cli::createWallet(args);
    std::fprintf(stderr, "minibitcoin-cli: unknown command '%s' (see --help)\n",
                 qPrintable(command));
    return 2;
}
