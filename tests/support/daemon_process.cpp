#include "support/daemon_process.h"

#include <QElapsedTimer>
#include <QThread>

#include <csignal>

namespace mbc::test {

DaemonProcess::DaemonProcess(Options options)
    : options_(std::move(options)) {
    process_.setProcessChannelMode(QProcess::MergedChannels);
}

DaemonProcess::~DaemonProcess() {
    if (running())
        terminate();
}

bool DaemonProcess::start(QString* why, int timeoutMs) {
    port_ = options_.port ? options_.port : freePort();
    QProcessEnvironment env;
    // A clean environment: the developer's own settings must not leak into a test.
    for (const char* keep : {"PATH", "HOME", "LANG", "TMPDIR"})
        if (qEnvironmentVariableIsSet(keep))
            env.insert(keep, qEnvironmentVariable(keep));
    for (auto it = options_.environment.cbegin(); it != options_.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    process_.setProcessEnvironment(env);
    QStringList args{"--daemon",
                     "--network",
                     options_.network,
                     "--datadir",
                     options_.dataDir,
                     "--port",
                     QString::number(port_),
                     "--mining-threads",
                     QString::number(options_.miningThreads)};
    if (!options_.databaseUrl.isEmpty())
        args << "--database-url" << options_.databaseUrl;
    args << options_.extraArgs;
    process_.start(MBC_APP_PATH, args);
    if (!process_.waitForStarted(10'000)) {
        *why = "cannot start " + QString(MBC_APP_PATH) + ": " + process_.errorString();
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (!running()) {
            *why = QStringLiteral("the daemon exited with %1 before answering:\n%2")
                       .arg(process_.exitCode())
                       .arg(output());
            return false;
        }
        if (get("/health").status == 200)
            return true;
        QThread::msleep(50);
    }
    *why = "the daemon did not answer /health within the time limit:\n" + output();
    return false;
}

int DaemonProcess::terminate(int timeoutMs) {
    if (!running())
        return process_.exitCode();
    ::kill(static_cast<pid_t>(process_.processId()), SIGTERM);
    if (process_.waitForFinished(timeoutMs))
        return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    process_.kill();
    process_.waitForFinished();
    return -1;
}

void DaemonProcess::kill() {
    process_.kill();
    process_.waitForFinished();
}

QString DaemonProcess::output() {
    output_ += process_.readAll();
    return QString::fromUtf8(output_);
}

QString DaemonProcess::url() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

HttpResult DaemonProcess::get(const QString& path) const {
    return httpRequest("GET", url() + path, {}, {}, 10'000);
}

HttpResult DaemonProcess::post(const QString& path, const QByteArray& body,
                               const Headers& headers) const {
    return httpRequest("POST", url() + path, body, headers);
}

} // namespace mbc::test
