#include "ui/request_table_model.h"
#include "ui/plain_tooltip.h"

#include "ui/amount_text.h"
#include "ui/wallet_model.h"

#include <QDateTime>
#include <QLocale>

namespace mbc::ui {

RequestTableModel::RequestTableModel(WalletModel& wallet, QObject* parent)
    : QAbstractTableModel(parent)
    , wallet_(wallet)
    , shown_(int(wallet.requests().size())) {
    connect(&wallet_, &WalletModel::requestsChanged, this, [this] {
        beginResetModel();
        shown_ = int(wallet_.requests().size());
        endResetModel();
    });
    connect(&wallet_, &QAbstractItemModel::modelReset, this, [this] {
        beginResetModel();
        shown_ = int(wallet_.requests().size());
        endResetModel();
    });
}

int RequestTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : shown_;
}

int RequestTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestTableModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::ToolTipRole)
        return plainToolTip(*this, index);
    const auto& all = wallet_.requests();
    if (!index.isValid() || index.row() >= shown_ || shown_ > int(all.size()))
        return {};
    const wallet::RequestRecord& r = all[all.size() - 1 - std::size_t(index.row())];
    if (role == Qt::TextAlignmentRole && index.column() == AmountColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case CreatedColumn:
        return QLocale().toString(QDateTime::fromSecsSinceEpoch(r.created), QLocale::ShortFormat);
    case LabelColumn:
        return QString::fromStdString(r.label);
    case AmountColumn:
        return r.amount ? coinsText(*r.amount) : tr("any");
    case AddressColumn:
        return QString::fromStdString(r.address.hex());
    case StateColumn:
        switch (wallet_.requestState(r)) {
        case WalletModel::RequestState::Paid:
            return tr("paid");
        case WalletModel::RequestState::Unconfirmed:
            return tr("paid, unconfirmed");
        case WalletModel::RequestState::Waiting:
            return tr("waiting");
        }
    }
    return {};
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CreatedColumn:
        return tr("Created");
    case LabelColumn:
        return tr("Label");
    case AmountColumn:
        return tr("Amount");
    case AddressColumn:
        return tr("Address");
    case StateColumn:
        return tr("State");
    }
    return {};
}

} // namespace mbc::ui
