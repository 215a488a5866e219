#include "ui/coin_table_model.h"
#include "ui/plain_tooltip.h"

#include "ui/amount_text.h"
#include "ui/wallet_model.h"

namespace mbc::ui {

CoinTableModel::CoinTableModel(WalletModel& wallet, QObject* parent)
    : QAbstractTableModel(parent)
    , wallet_(wallet) {
    connect(&wallet_, &WalletModel::coinsChanged, this, &CoinTableModel::reload);
    connect(&wallet_, &QAbstractItemModel::modelReset, this, &CoinTableModel::reload);
    reload();
}

void CoinTableModel::reload() {
    beginResetModel();
    coins_ = wallet_.coins();
    std::set<OutPoint> still;
    for (const wallet::OwnedCoin& c : coins_)
        if (chosen_.count(c.outpoint) && spendable(c))
            still.insert(c.outpoint);
    const bool changed = still != chosen_;
    chosen_ = std::move(still);
    endResetModel();
    if (changed)
        emit choiceChanged();
}

bool CoinTableModel::spendable(const wallet::OwnedCoin& c) const {
    return !c.spentInMempool && !wallet_.isFrozen(c.outpoint);
}

std::vector<OutPoint> CoinTableModel::chosen() const {
    std::vector<OutPoint> out;
    for (const wallet::OwnedCoin& c : coins_)
        if (chosen_.count(c.outpoint))
            out.push_back(c.outpoint);
    return out;
}

Amount CoinTableModel::chosenTotal() const {
    Amount total = 0;
    for (const wallet::OwnedCoin& c : coins_)
        if (chosen_.count(c.outpoint))
            total += c.amount;
    return total;
}

void CoinTableModel::clearChoice() {
    if (chosen_.empty())
        return;
    chosen_.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0, UseColumn), index(rowCount() - 1, UseColumn));
    emit choiceChanged();
}

int CoinTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(coins_.size());
}

int CoinTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CoinTableModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::ToolTipRole)
        return plainToolTip(*this, index);
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const wallet::OwnedCoin& c = coins_[std::size_t(index.row())];
    if (role == Qt::CheckStateRole) {
        if (index.column() == UseColumn)
            return chosen_.count(c.outpoint) ? Qt::Checked : Qt::Unchecked;
        if (index.column() == FrozenColumn)
            return wallet_.isFrozen(c.outpoint) ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == AmountColumn || index.column() == ConfirmationsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case CoinColumn:
        return QString::fromStdString(c.outpoint.txid.hex()).left(16) +
               "…:" + QString::number(c.outpoint.index);
    case AmountColumn:
        return coinsText(c.amount);
    case AddressColumn:
        return QString::fromStdString(c.address.hex());
    case LabelColumn:
        return wallet_.labelOf(c.address);
    case ConfirmationsColumn:
        if (c.spentInMempool)
            return tr("being spent");
        return QString::number(wallet_.tipHeight() - std::int64_t(c.height) + 1);
    }
    return {};
}

QVariant CoinTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UseColumn:
        return tr("Spend");
    case CoinColumn:
        return tr("Coin");
    case AmountColumn:
        return tr("Amount");
    case AddressColumn:
        return tr("Address");
    case LabelColumn:
        return tr("Label");
    case ConfirmationsColumn:
        return tr("Confirmations");
    case FrozenColumn:
        return tr("Frozen");
    }
    return {};
}

Qt::ItemFlags CoinTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid() || index.row() >= rowCount())
        return f;
    const wallet::OwnedCoin& c = coins_[std::size_t(index.row())];
    if (index.column() == FrozenColumn)
        f |= Qt::ItemIsUserCheckable;
    if (index.column() == UseColumn) {
        f |= Qt::ItemIsUserCheckable;
        if (!spendable(c))
            f &= ~Qt::ItemIsEnabled;
    }
    return f;
}

bool CoinTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole || !index.isValid() || index.row() >= rowCount())
        return false;
    const wallet::OwnedCoin& c = coins_[std::size_t(index.row())];
    const bool on = value.toInt() == Qt::Checked;
    if (index.column() == UseColumn) {
        if (on && !spendable(c))
            return false;
        if (on)
            chosen_.insert(c.outpoint);
        else
            chosen_.erase(c.outpoint);
        emit dataChanged(index, index);
        emit choiceChanged();
        return true;
    }
    if (index.column() == FrozenColumn) {
        const OutPoint coin = c.outpoint;
        if (const QString why = wallet_.setFrozen(coin, on); !why.isEmpty()) {
            emit refused(why);
            return false;
        }
        // setFrozen reloaded the table (coinsChanged): a frozen coin is no longer chosen.
        return true;
    }
    return false;
}

} // namespace mbc::ui
