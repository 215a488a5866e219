#include "ui/receive_tab.h"
#include "ui/named_widget.h"

#include "ui/amount_text.h"
#include "ui/qr_image.h"
#include "ui/request_table_model.h"
#include "ui/wallet_model.h"
#include "wallet/payment_uri.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace mbc::ui {
ReceiveTab::ReceiveTab(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , amountCaption_(new QLabel(this))
    , amount_(named<QLineEdit>(this, "requestAmount"))
    , labelCaption_(new QLabel(this))
    , label_(named<QLineEdit>(this, "requestLabel"))
    , messageCaption_(new QLabel(this))
    , message_(named<QLineEdit>(this, "requestMessage"))
    , createButton_(named<QPushButton>(this, "createRequestButton"))
    , qr_(named<QLabel>(this, "requestQr"))
    , uri_(named<QLabel>(this, "requestUri"))
    , copyUri_(named<QPushButton>(this, "copyRequestUriButton"))
    , copyAddress_(named<QPushButton>(this, "copyRequestAddressButton"))
    , requests_(new RequestTableModel(model, this))
    , requestView_(named<QTableView>(this, "requestTable")) {
    uri_->setWordWrap(true);
    uri_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    qr_->setMinimumSize(160, 160);
    qr_->setAlignment(Qt::AlignCenter);
    qr_->setWordWrap(true);
    requestView_->setModel(requests_);
    requestView_->verticalHeader()->hide();
    requestView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    requestView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    requestView_->horizontalHeader()->setSectionResizeMode(RequestTableModel::AddressColumn,
                                                           QHeaderView::Stretch);

    auto* form = new QFormLayout;
    form->addRow(amountCaption_, amount_);
    form->addRow(labelCaption_, label_);
    form->addRow(messageCaption_, message_);
    form->addRow(createButton_);
    auto* copyRow = new QHBoxLayout;
    copyRow->addWidget(copyUri_);
    copyRow->addWidget(copyAddress_);
    copyRow->addStretch();
    form->addRow(uri_);
    form->addRow(copyRow);
    auto* top = new QHBoxLayout;
    top->addLayout(form, 1);
    top->addWidget(qr_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(requestView_, 1);

    connect(createButton_, &QPushButton::clicked, this, &ReceiveTab::create);
    connect(copyUri_, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(uri_->text());
        emit said(tr("Copied the payment link to the clipboard."), false);
    });
    connect(copyAddress_, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(address_);
        emit said(tr("Copied %1 to the clipboard.").arg(address_), false);
    });
    // A request chosen in the list shows again.
    connect(requestView_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const auto& all = model_.requests();
        const wallet::RequestRecord& r = all[all.size() - 1 - std::size_t(index.row())];
        show(QString::fromStdString(wallet::toUri({r.address, r.amount, r.label, r.message})),
             QString::fromStdString(r.address.hex()));
    });
    copyUri_->setEnabled(false);
    copyAddress_->setEnabled(false);
    retranslate();
}

void ReceiveTab::retranslate() {
    amountCaption_->setText(tr("Amount (coins):"));
    amount_->setPlaceholderText(tr("optional: any amount if empty"));
    labelCaption_->setText(tr("Label:"));
    label_->setPlaceholderText(tr("who pays, or what for (kept in your wallet)"));
    messageCaption_->setText(tr("Message:"));
    message_->setPlaceholderText(tr("shown to the payer"));
    createButton_->setText(tr("Create a payment request"));
    copyUri_->setText(tr("Copy link"));
    copyAddress_->setText(tr("Copy address"));
}

void ReceiveTab::create() {
    std::optional<Amount> amount;
    if (!amount_->text().trimmed().isEmpty()) {
        amount = parseCoins(amount_->text());
        if (!amount || *amount == 0)
            return emit said(tr("The amount must be a number of coins above zero, with at most 8 "
                                "decimals, or empty for any amount."),
                             true);
    }
    wallet::RequestRecord r;
    if (const QString why =
            model_.createRequest(amount, label_->text().trimmed(), message_->text().trimmed(), &r);
        !why.isEmpty())
        return emit said(why, true);
    amount_->clear();
    label_->clear();
    message_->clear();
    const QString uri =
        QString::fromStdString(wallet::toUri({r.address, r.amount, r.label, r.message}));
    show(uri, QString::fromStdString(r.address.hex()));
    emit said(tr("Request created on a new address: give the payer the link or the QR code."),
              false);
}

void ReceiveTab::show(const QString& uri, const QString& address) {
    address_ = address;
    uri_->setText(uri);
    const QImage image = qrImage(uri, 4);
    if (image.isNull())
        qr_->setText(tr("Too long for a QR code: shorten the label or the message."));
    else
        qr_->setPixmap(QPixmap::fromImage(image));
    copyUri_->setEnabled(true);
    copyAddress_->setEnabled(true);
}

} // namespace mbc::ui
