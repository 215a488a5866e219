#include "support/cli_process.h"

#include <QProcess>

namespace mbc::test {

CliRun runProgram(const QString& program, const QStringList& args,
                  const QProcessEnvironment& environment) {
    QProcess p;
    if (!environment.isEmpty())
        p.setProcessEnvironment(environment);
    p.start(program, args);
    if (!p.waitForFinished(120'000))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

CliRun runCli(const QStringList& args) {
    return runProgram(MBC_CLI_PATH, args);
}

} // namespace mbc::test
