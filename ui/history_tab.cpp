#include "ui/history_tab.h"

#include "ui/amount_text.h"
#include "ui/snapshot_table_model.h"
#include "ui/wallet_model.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

QString kindText(wallet::TxKind kind) {
    switch (kind) {
    case wallet::TxKind::Mined:
        return HistoryTab::tr("mined");
    case wallet::TxKind::Received:
        return HistoryTab::tr("received");
    case wallet::TxKind::Sent:
        return HistoryTab::tr("sent");
    case wallet::TxKind::ToSelf:
        return HistoryTab::tr("to yourself");
    }
    return {};
}

} // namespace

HistoryTab::HistoryTab(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , rows_(new SnapshotTableModel(this))
    , view_(new QTableView(this))
    , exportButton_(new QPushButton(this)) {
    view_->setObjectName("historyTable");
    view_->setModel(rows_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setStretchLastSection(true);
    exportButton_->setObjectName("exportHistoryButton");
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(exportButton_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_, 1);
    layout->addLayout(buttons);
    connect(view_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        emit explorerRequested("tx:" + rows_->cell(index.row(), TxidColumn));
    });
    connect(exportButton_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the history"), QDir::home().filePath("minibitcoin-history.csv"),
            tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportTo(path);
    });
    connect(&model_, &WalletModel::balancesChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    retranslate();
}

void HistoryTab::retranslate() {
    rows_->setHeaders({tr("Date"), tr("Kind"), tr("Label"), tr("Amount (coins)"),
                       tr("Confirmations"), tr("Txid")});
    exportButton_->setText(tr("Export as CSV…"));
}

void HistoryTab::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void HistoryTab::refresh() {
    QPointer<HistoryTab> self(this);
    model_.history([self](const std::vector<wallet::HistoryEntry>& entries, std::int64_t tip) {
        if (!self)
            return;
        QVector<QStringList> rows;
        for (const wallet::HistoryEntry& e : entries)
            rows.push_back({e.height ? QLocale().toString(QDateTime::fromSecsSinceEpoch(e.time),
                                                          QLocale::ShortFormat)
                                     : tr("pending"),
                            kindText(e.kind), self->model_.historyLabel(e), coinsText(e.net),
                            QString::number(e.height ? tip - std::int64_t(*e.height) + 1 : 0),
                            QString::fromStdString(e.txid.hex())});
        self->rows_->setRows(std::move(rows));
    });
}

void HistoryTab::exportTo(const QString& path) {
    QPointer<HistoryTab> self(this);
    model_.exportHistory(path, [self, path](const QString& why) {
        if (!self)
            return;
        if (!why.isEmpty())
            return emit self->said(why, true);
        emit self->said(tr("The history is in %1.").arg(path), false);
    });
}

} // namespace mbc::ui
