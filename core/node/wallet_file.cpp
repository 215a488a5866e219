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

std::variant<WalletFile, WalletFileError> readWalletFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return WalletFileError{QStringLiteral("cannot read %1: %2").arg(path, file.errorString()),
                               std::nullopt};
    if (file.size() > kMaxWalletFileBytes)
        return WalletFileError{
            QStringLiteral("%1 is %2 bytes: not a wallet file").arg(path).arg(file.size()),
            std::nullopt};
    const std::string text = file.read(kMaxWalletFileBytes).toStdString();
    auto loaded = wallet::Keystore::fromJson(text);
    if (auto* e = std::get_if<wallet::KeystoreError>(&loaded))
        return WalletFileError{path + ": " + QString::fromStdString(e->message), *e};
    const auto document = json::parse(text); // parsed once more: the keystore accepted it
    const json::Value* v = std::get_if<json::Value>(&document);
    auto book = wallet::WalletBook::fromJson(v ? v->find("book") : nullptr);
    if (auto* why = std::get_if<std::string>(&book))
        return WalletFileError{path + ": " + QString::fromStdString(*why), std::nullopt};
    return WalletFile{std::move(std::get<wallet::Keystore>(loaded)),
                      std::move(std::get<wallet::WalletBook>(book))};
}

QString writeWalletFile(const QString& path, const wallet::Keystore& keystore,
                        const wallet::WalletBook& book) {
    auto document = json::parse(keystore.toJson());
    json::Value& v = std::get<json::Value>(document);
    v.set("book", book.toJson());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QByteArray::fromStdString(json::write(v, 2)));
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace mbc::node
