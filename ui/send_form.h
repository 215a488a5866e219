#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/transaction.h"

#include <QWidget>

#include <optional>
#include <vector>

class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QToolButton;

namespace mbc::ui {

class CoinTableModel;
class WalletModel;

// Paying one or more recipients in one transaction, in two steps: Review builds and signs the
// payment and shows what it does (each recipient, the fee, the change and the coins it spends,
// chosen by the wallet or ticked on the Coins tab); Send hands it to the node, which relays it.
// Amounts are in coins with up to 8 decimals; the fee starts at the node's estimate.
class SendForm : public QWidget {
    Q_OBJECT
public:
    SendForm(WalletModel& model, CoinTableModel& coins, QWidget* parent = nullptr);

    void retranslate();
    // Fills the first recipient (a payment request opened in the app).
    void fill(const QString& address, const QString& amount);

signals:
    // "Check every rule" on a reviewed payment: the Validation pane's dry run of it.
    void validationRequested(const mbc::Transaction& tx);

private:
    struct RecipientRow {
        QLineEdit* address;
        QLineEdit* amount;
        QLineEdit* label; // kept in the address book once the payment is sent
        QToolButton* remove;
    };
    void addRecipient();
    void removeRecipient(QToolButton* which);
    void showCoinSource();
    void refreshCompletions();
    void review();
    void send();
    void discardReview();
    void say(const QString& message, bool error = false);

    WalletModel& model_;
    CoinTableModel& coins_;
    QLabel* toCaption_;
    QLabel* amountCaption_;
    QLabel* labelCaption_;
    QGridLayout* recipientGrid_;
    std::vector<RecipientRow> recipients_;
    QStringListModel* completions_; // "name  address" of contacts and own addresses
    QPushButton* addRecipientButton_;
    QLabel* feeCaption_;
    QLineEdit* fee_;
    QLabel* feeBasis_;
    QLabel* coinSource_;
    QPushButton* reviewButton_;
    QLabel* summary_;
    QPushButton* sendButton_;
    QPushButton* xrayButton_;
    QLabel* message_;
    std::optional<Transaction> reviewed_; // signed, waiting for Send
    Amount feePerByte_ = 0;               // the node's rate, while the fee is its estimate
    Amount baseFee_ = 0;                  // its fee for a typical payment: each Review starts there
    bool feeEdited_ = false;              // the user typed a fee: it is kept as typed
};

} // namespace mbc::ui
