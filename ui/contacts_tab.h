#pragma once

#include <QAbstractTableModel>
#include <QWidget>

class QLineEdit;
class QPushButton;
class QTableView;

namespace mbc::ui {

class WalletModel;

// The address book as table rows: name and address.
class ContactTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, AddressColumn, ColumnCount };
    explicit ContactTableModel(WalletModel& wallet, QObject* parent = nullptr);
    QString addressAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    WalletModel& wallet_;
    int shown_ = 0;
};

// The people the user pays: add or rename one (name and address), remove one, or pay one (the
// Send tab fills in). Their names label History and complete addresses on the Send tab.
class ContactsTab : public QWidget {
    Q_OBJECT
public:
    explicit ContactsTab(WalletModel& model, QWidget* parent = nullptr);
    void retranslate();

signals:
    void said(const QString& message, bool error);
    void payRequested(const QString& address);

private:
    QString selected() const;

    WalletModel& model_;
    ContactTableModel* contacts_;
    QTableView* view_;
    QLineEdit* name_;
    QLineEdit* address_;
    QPushButton* saveButton_;
    QPushButton* removeButton_;
    QPushButton* payButton_;
};

} // namespace mbc::ui
