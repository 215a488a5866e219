#include "ui/send_form.h"

#include "consensus/serialize/tx_serialize.h"
#include "ui/amount_text.h"
#include "ui/coin_table_model.h"
#include "ui/page.h"
#include "ui/wallet_model.h"
#include "wallet/wallet_book.h"

#include <QCompleter>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QStringListModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

// Object names: sendTo/sendAmount for the first recipient, sendTo2/sendAmount2 for the second...
QString numbered(const char* name, std::size_t row) {
    return row == 0 ? QString(name) : QString(name) + QString::number(row + 1);
}

// How the wallet chooses coins (wallet::selectCoins), in the app's language.
QString strategyText() {
    return SendForm::tr("largest coins first (the fewest inputs)");
}

} // namespace

SendForm::SendForm(WalletModel& model, CoinTableModel& coins, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , coins_(coins)
    , toCaption_(new QLabel(this))
    , amountCaption_(new QLabel(this))
    , labelCaption_(new QLabel(this))
    , recipientGrid_(new QGridLayout)
    , completions_(new QStringListModel(this))
    , addRecipientButton_(new QPushButton(this))
    , feeCaption_(new QLabel(this))
    , fee_(new QLineEdit(this))
    , feeBasis_(new QLabel(this))
    , coinSource_(new QLabel(this))
    , reviewButton_(new QPushButton(this))
    , summary_(new QLabel(this))
    , sendButton_(new QPushButton(this))
    , xrayButton_(new QPushButton(this))
    , message_(new QLabel(this)) {
    addRecipientButton_->setObjectName("addRecipientButton");
    fee_->setObjectName("sendFee");
    feeBasis_->setWordWrap(true);
    coinSource_->setObjectName("sendCoinSource");
    coinSource_->setWordWrap(true);
    reviewButton_->setObjectName("reviewButton");
    summary_->setObjectName("sendSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sendButton_->setObjectName("sendButton");
    sendButton_->setEnabled(false);
    xrayButton_->setObjectName("reviewXrayButton");
    xrayButton_->setEnabled(false);
    message_->setObjectName("sendMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    recipientGrid_->addWidget(toCaption_, 0, 0);
    recipientGrid_->addWidget(amountCaption_, 0, 1);
    recipientGrid_->addWidget(labelCaption_, 0, 2);
    recipientGrid_->setColumnStretch(0, 3);
    recipientGrid_->setColumnStretch(1, 1);
    recipientGrid_->setColumnStretch(2, 1);
    auto* feeRow = new QHBoxLayout;
    feeRow->addWidget(feeCaption_);
    feeRow->addWidget(fee_);
    feeRow->addWidget(feeBasis_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(recipientGrid_);
    layout->addWidget(addRecipientButton_, 0, Qt::AlignLeft);
    layout->addLayout(feeRow);
    layout->addWidget(coinSource_);
    layout->addWidget(reviewButton_, 0, Qt::AlignLeft);
    layout->addWidget(summary_);
    auto* sendRow = new QHBoxLayout;
    sendRow->addWidget(sendButton_);
    sendRow->addWidget(xrayButton_);
    sendRow->addStretch(1);
    layout->addLayout(sendRow);
    layout->addWidget(message_);
    layout->addStretch();

    refreshCompletions();
    connect(&model_, &WalletModel::contactsChanged, this, &SendForm::refreshCompletions);
    connect(&model_, &QAbstractItemModel::modelReset, this, &SendForm::refreshCompletions);
    addRecipient();
    connect(addRecipientButton_, &QPushButton::clicked, this, &SendForm::addRecipient);
    connect(reviewButton_, &QPushButton::clicked, this, &SendForm::review);
    connect(sendButton_, &QPushButton::clicked, this, &SendForm::send);
    connect(xrayButton_, &QPushButton::clicked, this, [this] {
        if (reviewed_)
            emit validationRequested(*reviewed_);
    });
    connect(fee_, &QLineEdit::textEdited, this, [this] {
        feeEdited_ = true;
        discardReview();
    });
    // A coin frozen after Review may be in it: review again before sending.
    connect(&model_, &WalletModel::frozenChanged, this, &SendForm::discardReview);
    connect(&coins_, &CoinTableModel::choiceChanged, this, [this] {
        discardReview();
        showCoinSource();
    });
    // A payment signed before the wallet locked is not sent after: send needs it unlocked.
    connect(&model_, &WalletModel::lockChanged, this, [this] {
        if (model_.locked())
            discardReview();
    });
    retranslate();
    QPointer<SendForm> self(this);
    model_.feeEstimate([self](Amount fee, Amount perByte, const QString& basis) {
        if (!self)
            return;
        if (self->fee_->text().isEmpty()) {
            self->fee_->setText(coinsText(fee));
            self->feePerByte_ = perByte;
            self->baseFee_ = fee;
        }
        self->feeBasis_->setText(tr("the node's estimate: %1").arg(basis));
    });
}

void SendForm::retranslate() {
    toCaption_->setText(tr("To address:"));
    amountCaption_->setText(tr("Amount (coins):"));
    labelCaption_->setText(tr("Label (address book):"));
    for (const RecipientRow& r : recipients_) {
        r.address->setPlaceholderText(tr("40 hex digits"));
        r.amount->setPlaceholderText(tr("e.g. 12.5 (up to 8 decimals)"));
        r.label->setPlaceholderText(tr("optional: who this is"));
        r.remove->setToolTip(tr("Remove this recipient"));
    }
    addRecipientButton_->setText(tr("Add a recipient"));
    feeCaption_->setText(tr("Fee (coins):"));
    reviewButton_->setText(tr("Review"));
    sendButton_->setText(tr("Send"));
    xrayButton_->setText(tr("Check every rule"));
    xrayButton_->setToolTip(tr("See the node check this payment rule by rule, without sending it"));
    showCoinSource();
}

void SendForm::fill(const QString& address, const QString& amount) {
    recipients_.front().address->setText(address);
    recipients_.front().amount->setText(amount);
    discardReview();
}

void SendForm::addRecipient() {
    const std::size_t row = recipients_.size();
    RecipientRow r{new QLineEdit(this), new QLineEdit(this), new QLineEdit(this),
                   new QToolButton(this)};
    r.address->setObjectName(numbered("sendTo", row));
    r.address->setMaxLength(40);
    r.amount->setObjectName(numbered("sendAmount", row));
    r.label->setObjectName(numbered("sendLabel", row));
    r.remove->setObjectName(numbered("removeRecipient", row));
    r.remove->setText("✕");
    r.remove->setEnabled(row > 0);
    const int gridRow = int(row) + 1;
    recipientGrid_->addWidget(r.address, gridRow, 0);
    recipientGrid_->addWidget(r.amount, gridRow, 1);
    recipientGrid_->addWidget(r.label, gridRow, 2);
    recipientGrid_->addWidget(r.remove, gridRow, 3);
    for (QLineEdit* field : {r.address, r.amount})
        connect(field, &QLineEdit::textEdited, this, &SendForm::discardReview);
    // Typing part of a contact's name (or an address) offers it; choosing puts the address.
    auto* completer = new QCompleter(completions_, r.address);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    r.address->setCompleter(completer);
    QLineEdit* field = r.address;
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this, field](const QString& chosen) {
                field->setText(chosen.section(' ', -1));
                discardReview();
            });
    QToolButton* remove = r.remove;
    connect(remove, &QToolButton::clicked, this, [this, remove] { removeRecipient(remove); });
    recipients_.push_back(r);
    retranslate();
    discardReview();
}

void SendForm::removeRecipient(QToolButton* which) {
    const auto it = std::find_if(recipients_.begin(), recipients_.end(),
                                 [&](const RecipientRow& r) { return r.remove == which; });
    if (it == recipients_.end() || it == recipients_.begin())
        return;
    for (QWidget* w : {static_cast<QWidget*>(it->address), static_cast<QWidget*>(it->amount),
                       static_cast<QWidget*>(it->label), static_cast<QWidget*>(it->remove)})
        w->deleteLater();
    recipients_.erase(it);
    discardReview();
}

void SendForm::refreshCompletions() {
    QStringList items;
    for (const wallet::Contact& c : model_.contacts())
        items << QString::fromStdString(c.label) + "  " + QString::fromStdString(c.address.hex());
    for (int row = 0; row < model_.rowCount(); ++row)
        items
            << tr("%1 (yours)").arg(model_.index(row, WalletModel::LabelColumn).data().toString()) +
                   "  " + model_.addressAt(row);
    completions_->setStringList(items);
}

void SendForm::showCoinSource() {
    const std::vector<OutPoint> chosen = coins_.chosen();
    coinSource_->setText(
        chosen.empty()
            ? tr("Coins: the wallet chooses, %1; frozen coins are never spent.").arg(strategyText())
            : tr("Coins: exactly those ticked on the Coins tab (%1, worth %2 coins).")
                  .arg(chosen.size())
                  .arg(coinsText(coins_.chosenTotal())));
}

void SendForm::say(const QString& message, bool error) {
    showOutcome(message_, message, error);
}

void SendForm::discardReview() {
    reviewed_.reset();
    summary_->clear();
    sendButton_->setEnabled(false);
    xrayButton_->setEnabled(false);
}

void SendForm::review() {
    discardReview();
    std::vector<WalletModel::Recipient> recipients;
    for (const RecipientRow& r : recipients_) {
        const auto amount = parseCoins(r.amount->text());
        if (!amount || *amount == 0)
            return say(tr("The amount must be a number of coins above zero, with at most 8 "
                          "decimals."),
                       true);
        recipients.push_back({r.address->text().trimmed().toLower(), *amount});
    }
    // The node's estimate is raised to the rate for this payment's size, from the typical fee
    // each time (a large payment reviewed before does not make a small one pay its fee).
    const auto fee = feeEdited_ ? parseCoins(fee_->text()) : std::optional<Amount>(baseFee_);
    if (!fee)
        return say(tr("The fee must be a number of coins, with at most 8 decimals."), true);
    const std::vector<OutPoint> chosen = coins_.chosen();
    say(tr("Preparing the payment..."));
    QPointer<SendForm> self(this);
    model_.preparePayment(
        recipients, *fee, feeEdited_ ? 0 : feePerByte_,
        chosen.empty() ? std::nullopt : std::optional<std::vector<OutPoint>>(chosen),
        [self, recipients, byUser = !chosen.empty()](WalletModel::Prepared p) {
            if (!self)
                return;
            if (const QString* why = std::get_if<QString>(&p))
                return self->say(*why, true);
            const wallet::Payment& pay = std::get<wallet::Payment>(p);
            self->reviewed_ = pay.tx;
            QStringList lines;
            for (const WalletModel::Recipient& r : recipients)
                lines << tr("Pay %1 coins to %2.").arg(coinsText(r.amount), r.address);
            Amount paid = 0;
            for (const TxOut& o : pay.tx.outputs)
                paid += o.amount;
            const Amount fee = pay.inputTotal - paid;
            if (!self->feeEdited_) // the estimate, at the node's rate for this payment's size
                self->fee_->setText(coinsText(fee));
            lines << tr("Fee: %1 coins (%2 bytes).").arg(coinsText(fee)).arg(encodedTxSize(pay.tx));
            if (pay.change > 0)
                lines << tr("%1 coins come back as change, to %2.")
                             .arg(coinsText(pay.change),
                                  QString::fromStdString(pay.tx.outputs.back().pubkeyHash.hex()));
            lines << (byUser ? tr("Coins spent (chosen by you):")
                             : tr("Coins spent (chosen by the wallet, %1):").arg(strategyText()));
            for (const wallet::SpendableCoin& c : pay.spent)
                lines << "    " + QString::fromStdString(wallet::outPointText(c.outpoint)) + "  " +
                             coinsText(c.amount);
            lines << tr("Press Send to confirm.");
            self->summary_->setText(lines.join('\n'));
            self->sendButton_->setEnabled(true);
            self->xrayButton_->setEnabled(true);
            self->say({});
        });
}

void SendForm::send() {
    if (!reviewed_)
        return;
    const Transaction tx = *reviewed_;
    // The labels typed beside the recipients, for the address book once the payment is sent.
    QList<QPair<QString, QString>> labels;
    for (const RecipientRow& r : recipients_)
        if (!r.label->text().trimmed().isEmpty())
            labels.append({r.label->text().trimmed(), r.address->text().trimmed().toLower()});
    discardReview();
    say(tr("Sending..."));
    QPointer<SendForm> self(this);
    model_.submitPayment(tx, [self, labels](const QString& txid, const QString& error) {
        if (!self)
            return;
        if (txid.isEmpty())
            return self->say(tr("The node refused the payment: %1").arg(error), true);
        for (const auto& [label, address] : labels)
            self->model_.setContact(label, address);
        while (self->recipients_.size() > 1)
            self->removeRecipient(self->recipients_.back().remove);
        self->recipients_.front().address->clear();
        self->recipients_.front().amount->clear();
        self->recipients_.front().label->clear();
        self->coins_.clearChoice();
        self->say(tr("Sent: transaction %1 is in the mempool, pending until a block "
                     "confirms it.")
                      .arg(txid));
    });
}

} // namespace mbc::ui
