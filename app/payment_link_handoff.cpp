#include "payment_link_handoff.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>

namespace mbc::app {
namespace {

constexpr qint64 kMaxLinkBytes = 8 * 1024; // a QR code holds less than half of it
constexpr int kTimeoutMs = 2000;

} // namespace

QString handoffName(const QString& dataDir) {
    const QByteArray path = QDir(dataDir).absolutePath().toUtf8();
    const QString name =
        "minibitcoin-" +
        QCryptographicHash::hash(path, QCryptographicHash::Sha256).toHex().left(16);
    // In the user's own runtime directory ($XDG_RUNTIME_DIR, else one Qt makes 0700): in /tmp,
    // another user could take the name first and be handed the links (addresses, amounts).
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? name : QDir(runtime).filePath(name);
}

bool handOffLink(const QString& dataDir, const QString& link) {
    QLocalSocket socket;
    socket.connectToServer(handoffName(dataDir));
    if (!socket.waitForConnected(kTimeoutMs))
        return false;
    socket.write(link.toUtf8().left(kMaxLinkBytes) + "\n");
    if (!socket.waitForBytesWritten(kTimeoutMs))
        return false;
    // The running app answers once it has the link, so this process does not exit first.
    return socket.waitForReadyRead(kTimeoutMs) && socket.readAll().startsWith("ok");
}

PaymentLinkListener::PaymentLinkListener(const QString& dataDir,
                                         std::function<void(const QString&)> open, QObject* parent)
    : QObject(parent)
    , server_(new QLocalServer(this))
    , open_(std::move(open)) {
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    const QString name = handoffName(dataDir);
    QLocalSocket probe; // another app on this data directory hears the links already
    probe.connectToServer(name);
    if (probe.waitForConnected(200)) {
        probe.abort();
        return;
    }
    QLocalServer::removeServer(name); // a socket left by an app that crashed
    server_->listen(name);
    connect(server_, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket* socket = server_->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, socket, [this, socket] {
                if (!socket->canReadLine()) {
                    if (socket->bytesAvailable() > kMaxLinkBytes)
                        socket->abort(); // not a link
                    return;
                }
                const QString link =
                    QString::fromUtf8(socket->readLine(kMaxLinkBytes + 2)).trimmed();
                socket->write("ok\n");
                socket->disconnectFromServer();
                if (link.startsWith("minibitcoin:", Qt::CaseInsensitive))
                    open_(link);
            });
        }
    });
}

} // namespace mbc::app
