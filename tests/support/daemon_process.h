#pragma once

#include "support/cli_process.h"
#include "support/http_test_client.h"

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace mbc::test {

// A real `minibitcoin --daemon` process on a free loopback port, for tests over HTTP, in a
// clean environment (cleanEnvironment(): the sanitizers' options, never the user's HOME or
// settings) and its data directory as working directory (so no stray .env is read).
//
// Its end is checked: a daemon that exits other than cleanly with 0 when stopped, or that
// exited by itself, fails the test that started it (a sanitizer finding or leak shows up so),
// unless the test killed it or declared the exit expected.
class DaemonProcess {
public:
    struct Options {
        QString dataDir;
        QString databaseUrl; // empty: SQLite in dataDir
        QString network = QStringLiteral("regtest");
        int miningThreads = 2;
        quint16 port = 0;                   // 0: a free one
        QMap<QString, QString> environment; // added to a clean environment
        QStringList extraArgs;
        QString workDir; // empty: dataDir (which must then exist)
    };

    explicit DaemonProcess(Options options);
    ~DaemonProcess();

    // Starts it and waits until /health answers. On failure, `why` holds its output (and the
    // exit is the test's to judge).
    bool start(QString* why, int timeoutMs = kLongTimeoutMs);
    // SIGTERM, then waits for the exit; returns the exit code (-1 if it crashed or had to be
    // killed). Anything but 0 fails the running test.
    int terminate(int timeoutMs = kLongTimeoutMs);
    // SIGKILL: no chance to clean up (so its exit is not judged).
    void kill();
    // The test expects it to exit on its own, or not cleanly: its end is not judged.
    void expectExit() { exitExpected_ = true; }
    bool running() const { return process_.state() != QProcess::NotRunning; }
    qint64 pid() const { return process_.processId(); }
    int exitCode() const { return process_.exitCode(); }
    // Everything it printed (stderr and stdout) so far.
    QString output();

    quint16 port() const { return port_; }
    QString url() const;
    HttpResult get(const QString& path) const;
    HttpResult post(const QString& path, const QByteArray& body, const Headers& headers = {}) const;

    const Options& options() const { return options_; }

private:
    Options options_;
    quint16 port_ = 0;
    // Fails the running test (or, outside one, ends this process) for an unexpected exit.
    void judgeExit(int code);

    QProcess process_;
    QByteArray output_;
    bool started_ = false;
    bool exitExpected_ = false;
    bool judged_ = false;
};

} // namespace mbc::test
