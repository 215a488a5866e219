#include "ui/contacts_tab.h"
#include "ui/plain_tooltip.h"

#include "ui/wallet_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace mbc::ui {

ContactTableModel::ContactTableModel(WalletModel& wallet, QObject* parent)
    : QAbstractTableModel(parent)
    , wallet_(wallet)
    , shown_(int(wallet.contacts().size())) {
    const auto reload = [this] {
        beginResetModel();
        shown_ = int(wallet_.contacts().size());
        endResetModel();
    };
    connect(&wallet_, &WalletModel::contactsChanged, this, reload);
    connect(&wallet_, &QAbstractItemModel::modelReset, this, reload);
}

QString ContactTableModel::addressAt(int row) const {
    if (row < 0 || row >= shown_ || shown_ > int(wallet_.contacts().size()))
        return {};
    return QString::fromStdString(wallet_.contacts()[std::size_t(row)].address.hex());
}

int ContactTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : shown_;
}

int ContactTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContactTableModel::data(const QModelIndex& index, int role) const {
    if (role == Qt::ToolTipRole)
        return plainToolTip(*this, index);
    if (!index.isValid() || index.row() >= shown_ || shown_ > int(wallet_.contacts().size()) ||
        (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const wallet::Contact& c = wallet_.contacts()[std::size_t(index.row())];
    return index.column() == NameColumn ? QString::fromStdString(c.label)
                                        : QString::fromStdString(c.address.hex());
}

QVariant ContactTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : tr("Address");
}

ContactsTab::ContactsTab(WalletModel& model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , contacts_(new ContactTableModel(model, this))
    , view_(new QTableView(this))
    , name_(new QLineEdit(this))
    , address_(new QLineEdit(this))
    , saveButton_(new QPushButton(this))
    , removeButton_(new QPushButton(this))
    , payButton_(new QPushButton(this)) {
    view_->setObjectName("contactTable");
    name_->setObjectName("contactName");
    address_->setObjectName("contactAddress");
    address_->setMaxLength(40);
    saveButton_->setObjectName("saveContactButton");
    removeButton_->setObjectName("removeContactButton");
    payButton_->setObjectName("payContactButton");
    view_->setModel(contacts_);
    view_->verticalHeader()->hide();
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->horizontalHeader()->setStretchLastSection(true);
    auto* edit = new QHBoxLayout;
    edit->addWidget(name_, 1);
    edit->addWidget(address_, 2);
    edit->addWidget(saveButton_);
    auto* selectedRow = new QHBoxLayout;
    selectedRow->addWidget(payButton_);
    selectedRow->addWidget(removeButton_);
    selectedRow->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_, 1);
    layout->addLayout(selectedRow);
    layout->addLayout(edit);

    connect(saveButton_, &QPushButton::clicked, this, [this] {
        if (const QString why = model_.setContact(name_->text(), address_->text()); !why.isEmpty())
            return emit said(why, true);
        emit said(tr("%1 is in the address book.").arg(name_->text().trimmed()), false);
        name_->clear();
        address_->clear();
    });
    connect(removeButton_, &QPushButton::clicked, this, [this] {
        if (const QString why = model_.removeContact(selected()); !why.isEmpty())
            return emit said(why, true);
        emit said(tr("Removed from the address book."), false);
    });
    connect(payButton_, &QPushButton::clicked, this, [this] {
        if (selected().isEmpty())
            return emit said(tr("choose a contact first"), true);
        emit payRequested(selected());
    });
    // A contact chosen can be renamed: its name and address go to the fields.
    connect(view_, &QTableView::clicked, this, [this](const QModelIndex& index) {
        name_->setText(
            contacts_->index(index.row(), ContactTableModel::NameColumn).data().toString());
        address_->setText(contacts_->addressAt(index.row()));
    });
    retranslate();
}

void ContactsTab::retranslate() {
    name_->setPlaceholderText(tr("name"));
    address_->setPlaceholderText(tr("address (40 hex digits)"));
    saveButton_->setText(tr("Save contact"));
    removeButton_->setText(tr("Remove"));
    payButton_->setText(tr("Pay this contact"));
}

QString ContactsTab::selected() const {
    const QModelIndexList rows = view_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : contacts_->addressAt(rows.first().row());
}

} // namespace mbc::ui
