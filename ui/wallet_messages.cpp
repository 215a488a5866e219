#include "ui/wallet_messages.h"

#include "ui/wallet_model.h"

namespace mbc::ui {

QString keystoreMessage(const wallet::KeystoreError& e) {
    using Kind = wallet::KeystoreError::Kind;
    switch (e.kind) {
    case Kind::WrongPassphrase:
        return WalletModel::tr("wrong passphrase (or the wallet file was changed)");
    case Kind::Locked:
        return WalletModel::tr("the wallet is locked: unlock it first");
    case Kind::Duplicate:
        return WalletModel::tr("the wallet already has this key");
    case Kind::InvalidKey:
        return WalletModel::tr(
            "a private key is 64 hex digits, a number between 1 and the curve order");
    case Kind::UnknownAddress:
        return WalletModel::tr("the wallet has no key for this address");
    case Kind::TooManyKeys:
        return WalletModel::tr("the node says more addresses of these words were used than any "
                               "wallet has; check that it is a node you trust");
    case Kind::NoRecoveryWords:
        return WalletModel::tr("this wallet was made before recovery words: back up its file "
                               "instead");
    case Kind::Corrupt:
        break;
    }
    return WalletModel::tr("the wallet file is damaged or not a MiniBitcoin keystore (%1)")
        .arg(QString::fromStdString(e.message));
}

// A typo in the recovery words, in the app's language.
QString mnemonicMessage(const wallet::MnemonicError& e) {
    using Kind = wallet::MnemonicError::Kind;
    switch (e.kind) {
    case Kind::WordCount:
        return WalletModel::tr("recovery words come in 12, 15, 18, 21 or 24; these are %1")
            .arg(e.count);
    case Kind::UnknownWord:
        return WalletModel::tr("word %1, \"%2\", is not one of the recovery words' list")
            .arg(e.position)
            .arg(QString::fromStdString(e.word));
    case Kind::Checksum:
        break;
    }
    return WalletModel::tr("these words are all in the list, but their checksum does not match: "
                           "a word is wrong or out of order");
}

} // namespace mbc::ui
