#pragma once

#include "consensus/primitives/transaction.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mbc::ui {

class WalletModel;

// Paying someone from one of the wallet's addresses, in two steps: Review builds and signs the
// payment and shows what it spends (coins, fee, change back to the sender's address); Send
// hands it to the node, which relays it. Amounts are in coins with up to 8 decimals; the fee
// starts at the node's estimate.
class SendForm : public QWidget {
    Q_OBJECT
public:
    explicit SendForm(WalletModel& model, QWidget* parent = nullptr);

    void retranslate();

private:
    void refreshSenders();
    void review();
    void send();
    void discardReview();
    void say(const QString& message, bool error = false);

    WalletModel& model_;
    QLabel* fromCaption_;
    QComboBox* from_;
    QLabel* toCaption_;
    QLineEdit* to_;
    QLabel* amountCaption_;
    QLineEdit* amount_;
    QLabel* feeCaption_;
    QLineEdit* fee_;
    QLabel* feeBasis_;
    QPushButton* reviewButton_;
    QLabel* summary_;
    QPushButton* sendButton_;
    QLabel* message_;
    std::optional<Transaction> reviewed_; // signed, waiting for Send
};

} // namespace mbc::ui
