#pragma once

#include <QAbstractTableModel>

namespace mbc::ui {

class WalletModel;

// The payments asked for on the Receive tab, newest first, each with whether it was paid.
class RequestTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        CreatedColumn,
        LabelColumn,
        AmountColumn,
        AddressColumn,
        StateColumn,
        ColumnCount
    };

    explicit RequestTableModel(WalletModel& wallet, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    WalletModel& wallet_;
    int shown_ = 0; // rows the views know of
};

} // namespace mbc::ui
