#include "support/daemon_process.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <cstdlib>

namespace mbc::test {

DaemonProcess::DaemonProcess(Options options)
    : options_(std::move(options)) {
    process_.setProcessChannelMode(QProcess::MergedChannels);
}

DaemonProcess::~DaemonProcess() {
    if (running())
        terminate();
    else if (started_) // it ended by itself
        judgeExit(process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1);
}

void DaemonProcess::judgeExit(int code) {
    if (judged_ || exitExpected_)
        return;
    judged_ = true;
    if (code == 0)
        return;
    const QString message = QStringLiteral("the daemon on port %1 exited with %2; its output "
                                           "ends with:\n%3")
                                .arg(port_)
                                .arg(code)
                                .arg(output().right(6000));
    if (QTest::currentTestFunction()) {
        QTest::qFail(qPrintable(message), __FILE__, __LINE__);
    } else { // between tests: nothing to fail but the whole run
        std::fprintf(stderr, "%s\n", qPrintable(message));
        std::abort();
    }
}

bool DaemonProcess::start(QString* why, int timeoutMs) {
    port_ = options_.port ? options_.port : freePort();
    // The port was free when picked, but a daemon of another test running at the same time may
    // take it first: only an answer naming this daemon counts as its own.
    static int started = 0;
    QMap<QString, QString> environment = options_.environment;
    if (!environment.contains("NODE_NAME"))
        environment.insert(
            "NODE_NAME",
            QStringLiteral("test-%1-%2").arg(QCoreApplication::applicationPid()).arg(++started));
    const std::string name = environment.value("NODE_NAME").toStdString();
    process_.setProcessEnvironment(cleanEnvironment(environment));
    process_.setWorkingDirectory(options_.workDir.isEmpty() ? options_.dataDir : options_.workDir);
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
    if (!process_.waitForStarted(kLongTimeoutMs)) {
        *why = "cannot start " + QString(MBC_APP_PATH) + ": " + process_.errorString();
        return false;
    }
    started_ = true;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (!running()) {
            *why = QStringLiteral("the daemon exited with %1 before answering:\n%2")
                       .arg(process_.exitCode())
                       .arg(output());
            exitExpected_ = true; // the test reports `why`
            return false;
        }
        // Each try is short: what holds the port may accept and never answer (a program of
        // another kind), and the daemon's exit, which says so, is seen only between tries.
        if (const HttpResult health = httpRequest("GET", url() + "/health", {}, {}, 5'000);
            health.status == 200) {
            const json::Value answer = health.json();
            const json::Value* named = answer.find("node_name");
            if (named && named->isString() && named->asString() == name)
                return true;
            // Another daemon holds the port: this one cannot listen there and will say so.
        }
        QThread::msleep(50);
    }
    *why = "the daemon did not answer /health within the time limit:\n" + output();
    exitExpected_ = true;
    return false;
}

int DaemonProcess::terminate(int timeoutMs) {
    int code = -1;
    if (!running()) {
        code = process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    } else {
        ::kill(static_cast<pid_t>(process_.processId()), SIGTERM);
        if (process_.waitForFinished(timeoutMs)) {
            code = process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
        } else {
            process_.kill();
            process_.waitForFinished();
        }
    }
    judgeExit(code);
    return code;
}

void DaemonProcess::kill() {
    exitExpected_ = true;
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
    return httpRequest("GET", url() + path, {}, {}, kLongTimeoutMs);
}

HttpResult DaemonProcess::post(const QString& path, const QByteArray& body,
                               const Headers& headers) const {
    // As long as a GET: a POST /sync answers only when done, which under the sanitizers on a
    // busy 2-core machine took over a minute for tst_hostile_sync's 1,900-block pages.
    return httpRequest("POST", url() + path, body, headers, kLongTimeoutMs);
}

} // namespace mbc::test
