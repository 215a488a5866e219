#pragma once

#include "support/http_test_client.h"

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace mbc::test {

// A real `minibitcoin --daemon` process on a free loopback port, for tests over HTTP.
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
    };

    explicit DaemonProcess(Options options);
    ~DaemonProcess();

    // Starts it and waits until /health answers. On failure, `why` holds its output.
    bool start(QString* why, int timeoutMs = 60'000);
    // SIGTERM, then waits for the exit; returns the exit code (-1 if it had to be killed).
    int terminate(int timeoutMs = 30'000);
    // SIGKILL: no chance to clean up.
    void kill();
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
    QProcess process_;
    QByteArray output_;
};

} // namespace mbc::test
