#include "node/wallet_file.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace mbc::node {
namespace {

// Far beyond any real wallet (a key is about 300 bytes), and small enough to read at once.
constexpr qint64 kMaxWalletFileBytes = 16 * 1024 * 1024;

} // namespace

QString walletPathIn(const QString& dataDir) {
    return QDir(dataDir).filePath("wallet.json");
}

std::variant<wallet::Keystore, QString> readWalletFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    if (file.size() > kMaxWalletFileBytes)
        return QStringLiteral("%1 is %2 bytes: not a wallet file").arg(path).arg(file.size());
    auto loaded = wallet::Keystore::fromJson(file.read(kMaxWalletFileBytes).toStdString());
    if (auto* e = std::get_if<wallet::KeystoreError>(&loaded))
        return path + ": " + QString::fromStdString(e->message);
    return std::move(std::get<wallet::Keystore>(loaded));
}

QString writeWalletFile(const QString& path, const wallet::Keystore& keystore) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QByteArray::fromStdString(keystore.toJson()));
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace mbc::node
