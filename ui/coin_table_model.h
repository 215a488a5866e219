#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/transaction.h"
#include "wallet/wallet_accounting.h"

#include <QAbstractTableModel>

#include <set>
#include <vector>

namespace mbc::ui {

class WalletModel;

// The wallet's unspent coins for coin control: tick the ones a payment must spend (the Send tab
// then spends exactly those), freeze the ones no payment may spend.
class CoinTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        UseColumn,
        CoinColumn,
        AmountColumn,
        AddressColumn,
        LabelColumn,
        ConfirmationsColumn,
        FrozenColumn,
        ColumnCount
    };

    explicit CoinTableModel(WalletModel& wallet, QObject* parent = nullptr);

    // The ticked coins, in the table's order; empty: the wallet chooses.
    std::vector<OutPoint> chosen() const;
    Amount chosenTotal() const;
    void clearChoice();
    const wallet::OwnedCoin& coinAt(int row) const { return coins_.at(std::size_t(row)); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

signals:
    void choiceChanged();
    void refused(const QString& why); // freezing could not be saved

private:
    void reload();
    bool spendable(const wallet::OwnedCoin& c) const;

    WalletModel& wallet_;
    std::vector<wallet::OwnedCoin> coins_;
    std::set<OutPoint> chosen_;
};

} // namespace mbc::ui
