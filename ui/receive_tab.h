#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace mbc::ui {

class RequestTableModel;
class WalletModel;

// Asking to be paid: an amount, a label and a message make a request on a fresh address, shown
// as a minibitcoin: link and its QR code with buttons to copy either; below, every request and
// whether it was paid.
class ReceiveTab : public QWidget {
    Q_OBJECT
public:
    explicit ReceiveTab(WalletModel& model, QWidget* parent = nullptr);
    void retranslate();

signals:
    void said(const QString& message, bool error);

private:
    void create();
    void show(const QString& uri, const QString& address);

    WalletModel& model_;
    QLabel* amountCaption_;
    QLineEdit* amount_;
    QLabel* labelCaption_;
    QLineEdit* label_;
    QLabel* messageCaption_;
    QLineEdit* message_;
    QPushButton* createButton_;
    QLabel* qr_;
    QLabel* uri_;
    QPushButton* copyUri_;
    QPushButton* copyAddress_;
    RequestTableModel* requests_;
    QTableView* requestView_;
    QString address_; // of the request shown
};

} // namespace mbc::ui
