#include "support/cli_process.h"

#include <QProcess>

namespace mbc::test {

CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(MBC_CLI_PATH, args);
    if (!p.waitForFinished(120'000))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace mbc::test
