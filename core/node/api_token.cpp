#include "node/api_token.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <stdexcept>

namespace mbc::node {

QString apiTokenPath(const QString& dataDir) {
    return QDir(dataDir).filePath("api_token");
}

QString loadOrCreateApiToken(const QString& dataDir) {
    QFile file(apiTokenPath(dataDir));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            throw std::runtime_error("cannot read " + file.fileName().toStdString() + ": " +
                                     file.errorString().toStdString());
        const QString token = QString::fromUtf8(file.readAll()).trimmed();
        if (token.size() >= 16)
            return token;
        file.close();
    }
    QByteArray random(32, '\0');
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const QString token = QString::fromLatin1(random.toHex());
    // A new file is created 0600 at once; one that held a short token is narrowed too.
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly))
        throw std::runtime_error("cannot write " + file.fileName().toStdString() + ": " +
                                 file.errorString().toStdString());
    file.setPermissions(ownerOnly);
    file.write(token.toLatin1() + '\n');
    return token;
}

} // namespace mbc::node
