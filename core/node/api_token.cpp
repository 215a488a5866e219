#include "node/api_token.h"

#include "node/logging.h"
#include "node/private_paths.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace mbc::node {
namespace {

// Far more than a token; what is past it is not read.
constexpr qint64 kMaxTokenFileBytes = 4096;

// What the node says to do about a token file it refuses.
constexpr const char* kNewTokenRemedy = "remove it, and a new token is made";

std::runtime_error cannot(const char* what, const QString& path) {
    return std::runtime_error(
        QStringLiteral("cannot %1 %2: %3")
            .arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(errno)))
            .toStdString());
}

} // namespace

QString apiTokenPath(const QString& dataDir) {
    return QDir(dataDir).filePath("api_token");
}

QString readApiToken(const QString& dataDir, const QString& remedy) {
    const QString path = apiTokenPath(dataDir);
    // Not through a link, and not stuck on a FIFO: what is opened is what gets checked.
    const int fd =
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return {};
    if (fd < 0 && errno == ELOOP)
        throw NotPrivate(path + " is a link: " + remedy, path);
    if (fd < 0)
        throw cannot("read", path);
    QFile file;
    file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle);
    bool narrowed = false;
    if (const auto why = whySecretFileIsNotPrivate(fd, path, &narrowed, remedy))
        throw NotPrivate(*why, path);
    if (narrowed)
        qCWarning(lcNode).noquote() << path
                                    << "could be read by other users; it is now 0600. If someone "
                                       "may have read it, remove it and start again: a new token "
                                       "is made";
    return QString::fromUtf8(file.read(kMaxTokenFileBytes)).trimmed();
}

void checkApiTokenFile(const QString& dataDir) {
    readApiToken(dataDir, kNewTokenRemedy);
}

QString loadOrCreateApiToken(const QString& dataDir) {
    const QString remedy = kNewTokenRemedy;
    if (const QString token = readApiToken(dataDir, remedy); token.size() >= 16)
        return token;
    // None yet, or too short to be one: a new one, in a file that is 0600 from the start.
    QByteArray random(32, '\0');
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const QString token = QString::fromLatin1(random.toHex());
    const QString path = apiTokenPath(dataDir);
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        throw cannot("write", path);
    QFile file;
    file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle);
    // (One that held a short token is narrowed too; on a file system that keeps no modes the
    // next start would refuse it, so this one does.)
    if (const auto why = whySecretFileIsNotPrivate(fd, path, nullptr, remedy))
        throw NotPrivate(*why, path);
    const QByteArray line = token.toLatin1() + '\n';
    if (file.write(line) != line.size() || !file.flush())
        throw std::runtime_error(
            QStringLiteral("cannot write %1: %2").arg(path, file.errorString()).toStdString());
    return token;
}

} // namespace mbc::node
