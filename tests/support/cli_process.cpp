#include "support/cli_process.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace mbc::test {

QProcessEnvironment cleanEnvironment(const QMap<QString, QString>& extra) {
    static QTemporaryDir home(QDir::tempPath() + "/mbc-test-home-XXXXXX");
    QProcessEnvironment env;
    for (const char* keep :
         {"PATH", "LANG", "TMPDIR", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
        if (qEnvironmentVariableIsSet(keep))
            env.insert(keep, qEnvironmentVariable(keep));
    env.insert("HOME", home.path());
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

CliRun runProgram(const QString& program, const QStringList& args,
                  const QProcessEnvironment& environment, const QString& workDir,
                  const QByteArray& input, bool serveEvents) {
    QProcess p;
    p.setProcessEnvironment(environment.isEmpty() ? cleanEnvironment() : environment);
    p.setWorkingDirectory(workDir.isEmpty() ? QDir::tempPath() : workDir);
    p.start(program, args);
    if (p.waitForStarted(kLongTimeoutMs)) {
        p.write(input);
        p.closeWriteChannel();
    }
    const bool finished =
        serveEvents
            ? QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, kLongTimeoutMs)
            : p.waitForFinished(kLongTimeoutMs);
    if (!finished)
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

CliRun runCli(const QStringList& args, const QByteArray& input, bool serveEvents) {
    return runProgram(MBC_CLI_PATH, args, {}, {}, input, serveEvents);
}

} // namespace mbc::test
