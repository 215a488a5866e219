#include "ui/wallet_page.h"
#include "ui/named_widget.h"

#include "ui/amount_text.h"
#include "ui/coin_table_model.h"
#include "ui/contacts_tab.h"
#include "ui/history_tab.h"
#include "ui/mining_page.h"
#include "ui/receive_tab.h"
#include "ui/send_form.h"
#include "ui/wallet_model.h"
#include "ui/wallet_setup.h"
#include "ui/wallet_tools_tab.h"
#include "wallet/payment_uri.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace mbc::ui {
WalletPage::WalletPage(WalletModel& model, MiningPage& mining, QWidget* parent)
    : Page(parent)
    , model_(model)
    , mining_(mining)
    , heading_(makeHeading())
    , modes_(new QStackedWidget(this))
    , tabs_(new QTabWidget(this))
    , coins_(new CoinTableModel(model, this))
    , coinView_(new QTableView(this))
    , coinsHint_(new QLabel(this))
    , clearChoice_(named<QPushButton>(this, "clearCoinChoiceButton"))
    , send_(new SendForm(model, *coins_, this))
    , receive_(new ReceiveTab(model, this))
    , tools_(new WalletToolsTab(model, this))
    , contacts_(new ContactsTab(model, this))
    , history_(new HistoryTab(model, this))
    , setup_(new WalletSetup(model, this))
    , lockState_(new QLabel(this))
    , passphrase_(secretField(this, "passphrase"))
    , lockButton_(named<QPushButton>(this, "lockButton"))
    , totals_(new QLabel(this))
    , table_(new QTableView(this))
    , label_(new QLineEdit(this))
    , newAddress_(named<QPushButton>(this, "newAddressButton"))
    , importKey_(secretField(this, "importKey"))
    , importButton_(named<QPushButton>(this, "importButton"))
    , copyButton_(named<QPushButton>(this, "copyAddressButton"))
    , mineButton_(named<QPushButton>(this, "mineToAddressButton"))
    , understand_(new QCheckBox(this))
    , showKeyButton_(named<QPushButton>(this, "showKeyButton"))
    , wordsPassphrase_(secretField(this, "wordsPassphrase"))
    , showWordsButton_(named<QPushButton>(this, "showWordsButton"))
    , privateKey_(new QLabel(this))
    , message_(new QLabel(this)) {
    lockState_->setObjectName("lockState");
    totals_->setObjectName("walletTotals");
    label_->setObjectName("newAddressLabel");
    wordsPassphrase_->setMinimumWidth(110);
    understand_->setObjectName("understandKeyWarning");
    privateKey_->setObjectName("privateKey");
    privateKey_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    privateKey_->setStyleSheet("color: #b00000;");
    privateKey_->setWordWrap(true);
    message_->setObjectName("walletMessage");
    message_->setWordWrap(true);
    table_->setObjectName("walletTable");
    table_->setModel(&model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->horizontalHeader()->setSectionResizeMode(WalletModel::AddressColumn,
                                                     QHeaderView::Stretch);
    for (int column : {int(WalletModel::BalanceColumn), int(WalletModel::PendingColumn)})
        table_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    table_->verticalHeader()->hide();

    auto* using_ = new QWidget(this);
    auto* lockRow = new QHBoxLayout;
    lockRow->addWidget(lockState_, 1);
    lockRow->addWidget(passphrase_);
    lockRow->addWidget(lockButton_);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(label_, 1);
    addRow->addWidget(newAddress_);
    addRow->addWidget(importKey_, 1);
    addRow->addWidget(importButton_);
    auto* selectedRow = new QHBoxLayout;
    selectedRow->addWidget(copyButton_);
    selectedRow->addWidget(mineButton_);
    selectedRow->addStretch();
    selectedRow->addWidget(understand_);
    selectedRow->addWidget(showKeyButton_);
    selectedRow->addWidget(wordsPassphrase_);
    selectedRow->addWidget(showWordsButton_);
    auto* usingLayout = new QVBoxLayout(using_);
    usingLayout->setContentsMargins(0, 0, 0, 0);
    usingLayout->addLayout(lockRow);
    usingLayout->addWidget(totals_);
    usingLayout->addWidget(table_, 1);
    usingLayout->addLayout(selectedRow);
    usingLayout->addWidget(privateKey_);
    usingLayout->addLayout(addRow);
    tabs_->setObjectName("walletTabs");
    tabs_->addTab(using_, QString());
    tabs_->addTab(send_, QString());
    tabs_->addTab(history_, QString());
    tabs_->addTab(makeCoinsTab(), QString());
    tabs_->addTab(receive_, QString());
    tabs_->addTab(tools_, QString());
    tabs_->addTab(contacts_, QString());
    connect(contacts_, &ContactsTab::said, this, &WalletPage::say);
    connect(contacts_, &ContactsTab::payRequested, this, [this](const QString& address) {
        send_->fill(address, {});
        tabs_->setCurrentIndex(1);
    });
    connect(tools_, &WalletToolsTab::said, this, &WalletPage::say);
    connect(receive_, &ReceiveTab::said, this, &WalletPage::say);
    connect(history_, &HistoryTab::explorerRequested, this, &WalletPage::explorerRequested);
    connect(send_, &SendForm::validationRequested, this, &WalletPage::validationRequested);
    connect(history_, &HistoryTab::said, this, &WalletPage::say);
    modes_->addWidget(setup_);
    modes_->addWidget(tabs_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(modes_, 1);
    layout->addWidget(message_);

    connect(setup_, &WalletSetup::said, this, &WalletPage::say);
    connect(setup_, &WalletSetup::finished, this, &WalletPage::created);
    connect(showWordsButton_, &QPushButton::clicked, this, &WalletPage::showWords);
    connect(lockButton_, &QPushButton::clicked, this, &WalletPage::unlockOrLock);
    connect(passphrase_, &QLineEdit::returnPressed, this, &WalletPage::unlockOrLock);
    connect(newAddress_, &QPushButton::clicked, this, &WalletPage::addAddress);
    connect(importButton_, &QPushButton::clicked, this, &WalletPage::import);
    connect(copyButton_, &QPushButton::clicked, this, &WalletPage::copyAddress);
    connect(mineButton_, &QPushButton::clicked, this, &WalletPage::mineTo);
    connect(showKeyButton_, &QPushButton::clicked, this, &WalletPage::showKey);
    connect(&model_, &WalletModel::lockChanged, this, &WalletPage::refresh);
    connect(&model_, &WalletModel::balancesChanged, this, &WalletPage::refresh);
    connect(&model_, &QAbstractItemModel::modelReset, this, &WalletPage::refresh);
    retranslate();
    model_.refreshBalances();
}

void WalletPage::retranslate() {
    heading_->setText(tr("Wallet"));
    setup_->retranslate();
    passphrase_->setPlaceholderText(tr("passphrase"));
    label_->setPlaceholderText(tr("label of a new address"));
    newAddress_->setText(tr("New address"));
    importKey_->setPlaceholderText(tr("private key to import (64 hex digits)"));
    importButton_->setText(tr("Import key"));
    copyButton_->setText(tr("Copy address"));
    mineButton_->setText(tr("Mine to this address"));
    understand_->setText(tr("I understand that anyone who sees a private key can spend its coins"));
    showKeyButton_->setText(tr("Show private key"));
    wordsPassphrase_->setPlaceholderText(tr("passphrase"));
    showWordsButton_->setText(tr("Show recovery words"));
    tabs_->setTabText(0, tr("Addresses"));
    tabs_->setTabText(1, tr("Send"));
    tabs_->setTabText(2, tr("History"));
    tabs_->setTabText(3, tr("Coins"));
    tabs_->setTabText(4, tr("Receive"));
    tabs_->setTabText(5, tr("Backup and signing"));
    tools_->retranslate();
    tabs_->setTabText(6, tr("Contacts"));
    contacts_->retranslate();
    receive_->retranslate();
    clearChoice_->setText(tr("Let the wallet choose"));
    showChoice();
    history_->retranslate();
    send_->retranslate();
    refresh();
}

void WalletPage::refresh() {
    if (!model_.loadError().isEmpty()) {
        modes_->setCurrentIndex(0);
        setup_->setEnabled(false);
        say(tr("The wallet file cannot be used: %1").arg(model_.loadError()), true);
        return;
    }
    modes_->setCurrentIndex(model_.exists() ? 1 : 0);
    const bool locked = model_.locked();
    lockState_->setText(locked ? tr("Locked: unlock to add keys or see a private key.")
                               : tr("Unlocked."));
    passphrase_->setVisible(locked);
    lockButton_->setText(locked ? tr("Unlock") : tr("Lock"));
    for (QWidget* w : {static_cast<QWidget*>(newAddress_), static_cast<QWidget*>(importButton_),
                       static_cast<QWidget*>(showKeyButton_)})
        w->setEnabled(!locked);
    if (locked)
        privateKey_->clear();
    wordsPassphrase_->setVisible(model_.hasRecoveryWords());
    showWordsButton_->setVisible(model_.hasRecoveryWords());
    totals_->setText(
        tr("Confirmed: %1 coins    Pending: %2 coins")
            .arg(coinsText(model_.confirmedTotal()), coinsText(model_.pendingTotal())));
}

QWidget* WalletPage::makeCoinsTab() {
    auto* tab = new QWidget(this);
    coinView_->setObjectName("coinTable");
    coinView_->setModel(coins_);
    coinView_->verticalHeader()->hide();
    coinView_->setSelectionMode(QAbstractItemView::NoSelection);
    coinView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    coinView_->horizontalHeader()->setSectionResizeMode(CoinTableModel::AddressColumn,
                                                        QHeaderView::Stretch);
    coinsHint_->setObjectName("coinsHint");
    coinsHint_->setWordWrap(true);
    auto* row = new QHBoxLayout;
    row->addWidget(coinsHint_, 1);
    row->addWidget(clearChoice_);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(coinView_, 1);
    layout->addLayout(row);
    connect(coins_, &CoinTableModel::choiceChanged, this, &WalletPage::showChoice);
    connect(coins_, &CoinTableModel::refused, this, [this](const QString& why) { say(why, true); });
    connect(clearChoice_, &QPushButton::clicked, coins_, &CoinTableModel::clearChoice);
    return tab;
}

void WalletPage::showChoice() {
    const auto chosen = coins_->chosen();
    coinsHint_->setText(
        chosen.empty()
            ? tr("Tick coins to spend exactly those on the Send tab; freeze the ones no payment "
                 "may spend. Unticked, the wallet chooses.")
            : tr("Ticked: %1, worth %2 coins. The next payment spends exactly these.")
                  .arg(chosen.size())
                  .arg(coinsText(coins_->chosenTotal())));
    clearChoice_->setEnabled(!chosen.empty());
}

void WalletPage::backUpWallet() {
    if (!model_.exists())
        return say(tr("There is no wallet to back up yet."), true);
    tabs_->setCurrentIndex(5);
    tools_->chooseBackupFile();
}

void WalletPage::restoreWallet() {
    if (model_.exists())
        return say(tr("A wallet is open here. To restore another, quit, move %1 away, and start "
                      "again: the Wallet pane then offers to restore from recovery words or a "
                      "backup file.")
                       .arg(model_.filePath()),
                   true);
    say(tr("Type the recovery words, or choose a backup file, with the passphrase."));
}

void WalletPage::openPaymentRequest(const QString& uri) {
    const auto request = wallet::parsePaymentUri(uri.toStdString());
    if (const auto* why = std::get_if<std::string>(&request))
        return say(tr("This payment link cannot be used: %1.").arg(QString::fromStdString(*why)),
                   true);
    const wallet::PaymentUri& r = std::get<wallet::PaymentUri>(request);
    if (model_.exists())
        tabs_->setCurrentIndex(1);
    send_->fill(QString::fromStdString(r.address.hex()),
                r.amount ? coinsText(*r.amount) : QString());
    QString about = tr("Payment request for %1 coins to %2.")
                        .arg(r.amount ? coinsText(*r.amount) : tr("any number of"),
                             QString::fromStdString(r.address.hex()));
    // One line each, and short: a link's text must not pass for the app's own lines.
    const auto oneLine = [](const std::string& text) {
        return QString::fromStdString(text).simplified().left(200);
    };
    if (!r.label.empty())
        about += " " + tr("From: %1.").arg(oneLine(r.label));
    if (!r.message.empty())
        about += " " + tr("Message: %1").arg(oneLine(r.message));
    say(about + " " + tr("Check it, then Review and Send."));
}

void WalletPage::say(const QString& message, bool error) {
    showOutcome(message_, message, error);
}

QString WalletPage::selectedAddress() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : model_.addressAt(rows.first().row());
}

void WalletPage::created(const QString& message) {
    QString address;
    if (model_.rowCount() == 0) { // a new wallet: its first address to receive on
        if (const QString why = model_.newAddress(tr("first address"), &address); !why.isEmpty())
            return say(why, true);
    }
    table_->selectRow(0);
    say(message + (address.isEmpty() ? QString() : " " + tr("First address: %1.").arg(address)));
}

void WalletPage::showWords() {
    if (!understand_->isChecked())
        return say(tr("Tick the warning first: the recovery words spend every coin."), true);
    QString words;
    const QString why = model_.recoveryWords(wordsPassphrase_->text(), &words);
    wordsPassphrase_->clear();
    if (!why.isEmpty())
        return say(why, true);
    understand_->setChecked(false);
    privateKey_->setText(tr("Recovery words:") + "\n" + numberedWords(words));
    // Not left on the screen: gone after two minutes (or when the wallet locks).
    QTimer::singleShot(std::chrono::minutes(2), privateKey_, [label = privateKey_, words] {
        if (label->text().endsWith(numberedWords(words)))
            label->clear();
    });
    say({});
}

void WalletPage::unlockOrLock() {
    if (!model_.locked()) {
        model_.lock();
        return say(tr("Locked."));
    }
    const QString why = model_.unlock(passphrase_->text());
    passphrase_->clear();
    if (!why.isEmpty())
        return say(why, true);
    say(tr("Unlocked."));
}

void WalletPage::addAddress() {
    QString address;
    if (const QString why = model_.newAddress(label_->text().trimmed(), &address); !why.isEmpty())
        return say(why, true);
    label_->clear();
    table_->selectRow(model_.rowCount() - 1);
    say(tr("New address %1.").arg(address));
}

void WalletPage::import() {
    const QString why = model_.importKey(importKey_->text(), label_->text().trimmed());
    importKey_->clear();
    if (!why.isEmpty())
        return say(why, true);
    label_->clear();
    table_->selectRow(model_.rowCount() - 1);
    say(tr("Key imported: %1.").arg(model_.addressAt(model_.rowCount() - 1)));
}

void WalletPage::copyAddress() {
    const QString address = selectedAddress();
    if (address.isEmpty())
        return say(tr("Select an address first."), true);
    QApplication::clipboard()->setText(address);
    say(tr("Copied %1 to the clipboard.").arg(address));
}

void WalletPage::mineTo() {
    const QString address = selectedAddress();
    if (address.isEmpty())
        return say(tr("Select an address first."), true);
    mining_.setPayee(address);
    emit miningRequested();
}

void WalletPage::showKey() {
    const QString address = selectedAddress();
    if (address.isEmpty())
        return say(tr("Select an address first."), true);
    if (!understand_->isChecked())
        return say(tr("Tick the warning first: a private key spends its coins."), true);
    QString key;
    if (const QString why = model_.exportKey(address, &key); !why.isEmpty())
        return say(why, true);
    understand_->setChecked(false);
    privateKey_->setText(tr("Private key of %1: %2").arg(address, key));
    say({});
}

} // namespace mbc::ui
