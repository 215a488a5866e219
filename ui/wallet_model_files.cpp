// WalletModel: backups of the wallet file, and messages signed with its keys.
#include "ui/wallet_model.h"

#include "node/wallet_file.h"
#include "ui/wallet_messages.h"
#include "wallet/message_signature.h"

#include <QFileInfo>

namespace mbc::ui {

QString WalletModel::backupTo(const QString& path) const {
    if (!keystore_)
        return tr("there is no wallet yet");
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(filePath_).absoluteFilePath())
        return tr("a backup goes elsewhere than the wallet file itself");
    if (const QString why = node::writeWalletFile(path, *keystore_, book_); !why.isEmpty())
        return tr("cannot write %1: %2").arg(path, why);
    return {};
}

QString WalletModel::restoreFromFile(const QString& path, const QString& passphrase) {
    if (exists() || !loadError_.isEmpty())
        return tr("%1 already exists").arg(filePath_);
    auto loaded = node::readWalletFile(path);
    if (auto* e = std::get_if<node::WalletFileError>(&loaded))
        return e->keystore ? tr("%1: %2").arg(path, keystoreMessage(*e->keystore)) : e->message;
    node::WalletFile& file = std::get<node::WalletFile>(loaded);
    // Only a backup its owner can open becomes the wallet (a forgotten passphrase, or a file
    // changed since, would leave a wallet nobody can spend from).
    const QByteArray secret = passphrase.toUtf8();
    if (auto e = file.keystore.unlock(std::string_view(secret.constData(), secret.size())))
        return tr("%1: %2").arg(path, keystoreMessage(*e));
    book_ = std::move(file.book);
    const QString why = adopt(std::move(file.keystore));
    if (!why.isEmpty())
        book_ = {};
    return why;
}

QString WalletModel::signMessage(const QString& address, const QString& message,
                                 QString* signature) const {
    used();
    const auto hash = PubKeyHash::fromHex(address.trimmed().toLower().toStdString());
    if (!keystore_ || !hash || !keystore_->find(*hash))
        return tr("choose one of the wallet's addresses to sign with");
    auto key = keystore_->privateKey(*hash);
    if (auto* e = std::get_if<wallet::KeystoreError>(&key))
        return keystoreMessage(*e);
    *signature = QString::fromStdString(
        wallet::signMessage(std::get<PrivateKey>(key), message.toStdString()));
    return {};
}

QString WalletModel::verifyMessage(const QString& address, const QString& message,
                                   const QString& signature) {
    const auto hash = PubKeyHash::fromHex(address.trimmed().toLower().toStdString());
    if (!hash)
        return tr("the address must be 40 hex digits (a pubkey hash)");
    switch (
        wallet::verifyMessage(*hash, message.toStdString(), signature.trimmed().toStdString())) {
    case wallet::MessageCheck::Valid:
        return {};
    case wallet::MessageCheck::Malformed:
        return tr("the signature is malformed: it is 88 characters of base64, as Sign makes it");
    case wallet::MessageCheck::WrongSigner:
        break;
    }
    return tr("not valid: this address's key did not sign this message (or the message differs "
              "from the one signed)");
}

} // namespace mbc::ui
