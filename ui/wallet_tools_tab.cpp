#include "ui/wallet_tools_tab.h"
#include "ui/named_widget.h"

#include "ui/wallet_model.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mbc::ui {
WalletToolsTab::WalletToolsTab(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , backupBox_(new QGroupBox(this))
    , backupIntro_(new QLabel(this))
    , backupButton_(named<QPushButton>(this, "backupButton"))
    , passphraseBox_(new QGroupBox(this))
    , current_(secretField(this, "currentPassphrase"))
    , fresh_(secretField(this, "changedPassphrase"))
    , repeat_(secretField(this, "repeatChangedPassphrase"))
    , changeButton_(named<QPushButton>(this, "changePassphraseButton"))
    , signBox_(new QGroupBox(this))
    , signAddress_(named<QComboBox>(this, "signAddress"))
    , signText_(named<QPlainTextEdit>(this, "signMessageText"))
    , signButton_(named<QPushButton>(this, "signButton"))
    , signature_(named<QLineEdit>(this, "signatureOut"))
    , verifyBox_(new QGroupBox(this))
    , verifyAddress_(named<QLineEdit>(this, "verifyAddress"))
    , verifyText_(named<QPlainTextEdit>(this, "verifyMessageText"))
    , verifySignature_(named<QLineEdit>(this, "verifySignature"))
    , verifyButton_(named<QPushButton>(this, "verifyButton")) {
    backupIntro_->setWordWrap(true);
    signature_->setReadOnly(true);
    for (QPlainTextEdit* text : {signText_, verifyText_})
        text->setMaximumHeight(60);

    auto* backup = new QVBoxLayout(backupBox_);
    backup->addWidget(backupIntro_);
    backup->addWidget(backupButton_, 0, Qt::AlignLeft);
    auto* passphrase = new QFormLayout(passphraseBox_);
    passphrase->addRow(current_);
    passphrase->addRow(fresh_);
    passphrase->addRow(repeat_);
    passphrase->addRow(changeButton_);
    auto* signing = new QFormLayout(signBox_);
    signing->addRow(signAddress_);
    signing->addRow(signText_);
    signing->addRow(signButton_);
    signing->addRow(signature_);
    auto* verifying = new QFormLayout(verifyBox_);
    verifying->addRow(verifyAddress_);
    verifying->addRow(verifyText_);
    verifying->addRow(verifySignature_);
    verifying->addRow(verifyButton_);
    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(backupBox_);
    left->addWidget(passphraseBox_);
    left->addStretch();
    auto* right = new QVBoxLayout;
    right->addWidget(signBox_);
    right->addWidget(verifyBox_);
    right->addStretch();
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);

    connect(backupButton_, &QPushButton::clicked, this, &WalletToolsTab::chooseBackupFile);
    connect(changeButton_, &QPushButton::clicked, this, &WalletToolsTab::changePassphrase);
    connect(signButton_, &QPushButton::clicked, this, &WalletToolsTab::sign);
    connect(verifyButton_, &QPushButton::clicked, this, &WalletToolsTab::verify);
    connect(&model_, &QAbstractItemModel::modelReset, this, &WalletToolsTab::refreshAddresses);
    connect(&model_, &QAbstractItemModel::dataChanged, this, &WalletToolsTab::refreshAddresses);
    refreshAddresses();
    retranslate();
}

void WalletToolsTab::retranslate() {
    backupBox_->setTitle(tr("Backup"));
    backupIntro_->setText(tr("A copy of the wallet file, its keys sealed with the passphrase as "
                             "they are. Keep it elsewhere than this computer; the recovery "
                             "words bring back the keys, a backup also the labels and requests."));
    backupButton_->setText(tr("Back up the wallet to a file…"));
    passphraseBox_->setTitle(tr("Passphrase"));
    current_->setPlaceholderText(tr("current passphrase"));
    fresh_->setPlaceholderText(tr("new passphrase"));
    repeat_->setPlaceholderText(tr("new passphrase again"));
    changeButton_->setText(tr("Change the passphrase"));
    signBox_->setTitle(tr("Sign a message"));
    signText_->setPlaceholderText(tr("the message, exactly as the reader will check it"));
    signButton_->setText(tr("Sign"));
    signature_->setPlaceholderText(tr("the signature appears here"));
    verifyBox_->setTitle(tr("Verify a message"));
    verifyAddress_->setPlaceholderText(tr("the signer's address"));
    verifyText_->setPlaceholderText(tr("the message"));
    verifySignature_->setPlaceholderText(tr("the signature"));
    verifyButton_->setText(tr("Verify"));
}

void WalletToolsTab::refreshAddresses() {
    const QString current = signAddress_->currentData().toString();
    signAddress_->clear();
    for (int row = 0; row < model_.rowCount(); ++row) {
        const QString address = model_.addressAt(row);
        const QString label = model_.index(row, WalletModel::LabelColumn).data().toString();
        signAddress_->addItem(label.isEmpty() ? address : label + " (" + address + ")", address);
    }
    const int keep = signAddress_->findData(current);
    if (keep >= 0)
        signAddress_->setCurrentIndex(keep);
}

void WalletToolsTab::chooseBackupFile() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Back up the wallet"), QDir::home().filePath("minibitcoin-wallet-backup.json"),
        tr("Wallet files (*.json)"));
    if (!path.isEmpty())
        backUpTo(path);
}

void WalletToolsTab::backUpTo(const QString& path) {
    if (const QString why = model_.backupTo(path); !why.isEmpty())
        return emit said(why, true);
    emit said(tr("The wallet is backed up in %1.").arg(path), false);
}

void WalletToolsTab::changePassphrase() {
    if (fresh_->text() != repeat_->text())
        return emit said(tr("The two new passphrases differ."), true);
    const QString why = model_.changePassphrase(current_->text(), fresh_->text());
    for (QLineEdit* f : {current_, fresh_, repeat_})
        f->clear();
    if (!why.isEmpty())
        return emit said(why, true);
    emit said(tr("The passphrase is changed: the wallet file is sealed with the new one."), false);
}

void WalletToolsTab::sign() {
    QString signature;
    if (const QString why = model_.signMessage(signAddress_->currentData().toString(),
                                               signText_->toPlainText(), &signature);
        !why.isEmpty())
        return emit said(why, true);
    signature_->setText(signature);
    emit said(tr("Signed: give the reader the address, the message and the signature."), false);
}

void WalletToolsTab::verify() {
    const QString why = WalletModel::verifyMessage(
        verifyAddress_->text(), verifyText_->toPlainText(), verifySignature_->text());
    if (!why.isEmpty())
        return emit said(why, true);
    emit said(tr("Valid: the key of %1 signed this message.").arg(verifyAddress_->text().trimmed()),
              false);
}

} // namespace mbc::ui
