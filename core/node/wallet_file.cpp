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

std::unique_ptr<QLockFile> lockWalletFile(const QString& path) {
    auto lock = std::make_unique<QLockFile>(path + ".lock");
    lock->setStaleLockTime(0); // held for as long as the app runs: stale only if its owner died
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
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
    const auto document = json::parse(file.read(kMaxWalletFileBytes).toStdString());
    const json::Value* v = std::get_if<json::Value>(&document);
    auto loaded =
        v ? wallet::Keystore::fromDocument(*v) : wallet::Keystore::fromJson(std::string_view());
    if (auto* e = std::get_if<wallet::KeystoreError>(&loaded))
        return WalletFileError{path + ": " + QString::fromStdString(e->message), *e};
    auto book = wallet::WalletBook::fromJson(v->find("book"));
    if (auto* why = std::get_if<std::string>(&book))
        return WalletFileError{path + ": " + QString::fromStdString(*why), std::nullopt};
    WalletFile out{std::move(std::get<wallet::Keystore>(loaded)),
                   std::move(std::get<wallet::WalletBook>(book))};
    // The book is not sealed: a request is only believed if its address is one of the keys
    // (which are), so an edited file cannot make the app hand out someone else's address.
    std::erase_if(out.book.requests,
                  [&](const wallet::RequestRecord& r) { return !out.keystore.find(r.address); });
    return out;
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
