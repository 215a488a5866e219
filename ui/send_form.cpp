#include "ui/send_form.h"

#include "consensus/serialize/tx_serialize.h"
#include "ui/amount_text.h"
#include "ui/page.h"
#include "ui/wallet_model.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>

namespace mbc::ui {

SendForm::SendForm(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , fromCaption_(new QLabel(this))
    , from_(new QComboBox(this))
    , toCaption_(new QLabel(this))
    , to_(new QLineEdit(this))
    , amountCaption_(new QLabel(this))
    , amount_(new QLineEdit(this))
    , feeCaption_(new QLabel(this))
    , fee_(new QLineEdit(this))
    , feeBasis_(new QLabel(this))
    , reviewButton_(new QPushButton(this))
    , summary_(new QLabel(this))
    , sendButton_(new QPushButton(this))
    , message_(new QLabel(this)) {
    from_->setObjectName("sendFrom");
    to_->setObjectName("sendTo");
    to_->setMaxLength(40);
    amount_->setObjectName("sendAmount");
    fee_->setObjectName("sendFee");
    feeBasis_->setWordWrap(true);
    reviewButton_->setObjectName("reviewButton");
    summary_->setObjectName("sendSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sendButton_->setObjectName("sendButton");
    sendButton_->setEnabled(false);
    message_->setObjectName("sendMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout(this);
    form->addRow(fromCaption_, from_);
    form->addRow(toCaption_, to_);
    form->addRow(amountCaption_, amount_);
    auto* feeRow = new QHBoxLayout;
    feeRow->addWidget(fee_);
    feeRow->addWidget(feeBasis_, 1);
    form->addRow(feeCaption_, feeRow);
    form->addRow(reviewButton_);
    form->addRow(summary_);
    form->addRow(sendButton_);
    form->addRow(message_);

    connect(reviewButton_, &QPushButton::clicked, this, &SendForm::review);
    connect(sendButton_, &QPushButton::clicked, this, &SendForm::send);
    for (QLineEdit* field : {to_, amount_, fee_})
        connect(field, &QLineEdit::textEdited, this, &SendForm::discardReview);
    connect(from_, &QComboBox::currentIndexChanged, this, &SendForm::discardReview);
    // A payment signed before the wallet locked is not sent after: send needs it unlocked.
    connect(&model_, &WalletModel::lockChanged, this, [this] {
        if (model_.locked())
            discardReview();
    });
    connect(&model_, &QAbstractItemModel::modelReset, this, &SendForm::refreshSenders);
    connect(&model_, &WalletModel::balancesChanged, this, &SendForm::refreshSenders);
    retranslate();
    refreshSenders();
    QPointer<SendForm> self(this);
    model_.feeEstimate([self](Amount fee, const QString& basis) {
        if (!self)
            return;
        if (self->fee_->text().isEmpty())
            self->fee_->setText(coinsText(fee));
        self->feeBasis_->setText(tr("the node's estimate: %1").arg(basis));
    });
}

void SendForm::retranslate() {
    fromCaption_->setText(tr("Pay from:"));
    toCaption_->setText(tr("To address:"));
    to_->setPlaceholderText(tr("40 hex digits"));
    amountCaption_->setText(tr("Amount (coins):"));
    amount_->setPlaceholderText(tr("e.g. 12.5 (up to 8 decimals)"));
    feeCaption_->setText(tr("Fee (coins):"));
    reviewButton_->setText(tr("Review"));
    sendButton_->setText(tr("Send"));
}

void SendForm::refreshSenders() {
    const QString current = from_->currentData().toString();
    from_->blockSignals(true);
    from_->clear();
    for (int row = 0; row < model_.rowCount(); ++row) {
        const QString address = model_.addressAt(row);
        const QString label = model_.index(row, WalletModel::LabelColumn).data().toString();
        const QString balance = model_.index(row, WalletModel::BalanceColumn).data().toString();
        from_->addItem(tr("%1 (%2): %3 coins").arg(label, address, balance), address);
    }
    const int keep = from_->findData(current);
    from_->setCurrentIndex(keep >= 0 ? keep : 0);
    from_->blockSignals(false);
}

void SendForm::say(const QString& message, bool error) {
    showOutcome(message_, message, error);
}

void SendForm::discardReview() {
    reviewed_.reset();
    summary_->clear();
    sendButton_->setEnabled(false);
}

void SendForm::review() {
    discardReview();
    const auto amount = parseCoins(amount_->text());
    if (!amount || *amount == 0)
        return say(tr("The amount must be a number of coins above zero, with at most 8 "
                      "decimals."),
                   true);
    const auto fee = parseCoins(fee_->text());
    if (!fee)
        return say(tr("The fee must be a number of coins, with at most 8 decimals."), true);
    say(tr("Preparing the payment..."));
    QPointer<SendForm> self(this);
    const QString to = to_->text().trimmed().toLower();
    model_.preparePayment(from_->currentData().toString(), to, *amount, *fee,
                          [self, to, amount = *amount, fee = *fee](WalletModel::Prepared p) {
                              if (!self)
                                  return;
                              if (const QString* why = std::get_if<QString>(&p))
                                  return self->say(*why, true);
                              const wallet::Payment& pay = std::get<wallet::Payment>(p);
                              self->reviewed_ = pay.tx;
                              QStringList spent;
                              for (const TxIn& in : pay.tx.inputs)
                                  spent << QString::fromStdString(in.prevout.txid.hex()) + ':' +
                                               QString::number(in.prevout.index);
                              self->summary_->setText(
                                  tr("Pay %1 coins to %2 with a fee of %3 coins. It spends %n "
                                     "coin(s) worth %4 coins; %5 coins come back as change. "
                                     "Press Send to confirm.",
                                     nullptr, int(pay.tx.inputs.size()))
                                      .arg(coinsText(amount), to, coinsText(fee),
                                           coinsText(pay.inputTotal), coinsText(pay.change)) +
                                  "\n" + tr("Coins spent: %1").arg(spent.join(", ")));
                              self->sendButton_->setEnabled(true);
                              self->say({});
                          });
}

void SendForm::send() {
    if (!reviewed_)
        return;
    const Transaction tx = *reviewed_;
    discardReview();
    say(tr("Sending..."));
    QPointer<SendForm> self(this);
    model_.submitPayment(tx, [self](const QString& txid, const QString& error) {
        if (!self)
            return;
        if (txid.isEmpty())
            return self->say(tr("The node refused the payment: %1").arg(error), true);
        self->to_->clear();
        self->amount_->clear();
        self->say(tr("Sent: transaction %1 is in the mempool, pending until a block "
                     "confirms it.")
                      .arg(txid));
    });
}

} // namespace mbc::ui
