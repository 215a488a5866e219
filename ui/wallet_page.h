#pragma once

#include "consensus/primitives/transaction.h"
#include "ui/page.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTabWidget;

namespace mbc::ui {

class CoinTableModel;
class MiningPage;
class SendForm;
class HistoryTab;
class WalletModel;
class WalletSetup;
class ReceiveTab;
class WalletToolsTab;
class ContactsTab;

// The wallet: create one (with a passphrase), unlock and lock it, its addresses with labels and
// balances, a new address, importing a key, copying an address, mining to it, showing a
// private key behind a warning; and a tab to send coins (SendForm).
class WalletPage : public Page {
    Q_OBJECT
public:
    WalletPage(WalletModel& model, MiningPage& mining, QWidget* parent = nullptr);

    // File → Back up the wallet… / Restore a wallet…
    void backUpWallet();
    void restoreWallet();
    // A minibitcoin: link: the Send tab filled in from it, or why not.
    void openPaymentRequest(const QString& uri);

signals:
    void miningRequested();                               // "mine to this address" was pressed
    void explorerRequested(const QString& link);          // a tx of the history was chosen
    void validationRequested(const mbc::Transaction& tx); // a reviewed payment, to X-ray

private:
    void retranslate() override;
    void refresh();
    void say(const QString& message, bool error = false);
    QString selectedAddress() const;
    void created(const QString& message);
    void showWords();
    void unlockOrLock();
    void addAddress();
    void import();
    void copyAddress();
    void mineTo();
    void showKey();
    QWidget* makeCoinsTab();
    void showChoice();

    WalletModel& model_;
    MiningPage& mining_;
    QLabel* heading_;
    QStackedWidget* modes_; // creating a wallet, or using it
    QTabWidget* tabs_;      // using it: addresses, send
    CoinTableModel* coins_;
    QTableView* coinView_;
    QLabel* coinsHint_;
    QPushButton* clearChoice_;
    SendForm* send_;
    ReceiveTab* receive_;
    WalletToolsTab* tools_;
    ContactsTab* contacts_;
    HistoryTab* history_;
    WalletSetup* setup_; // while there is no wallet
    // using
    QLabel* lockState_;
    QLineEdit* passphrase_;
    QPushButton* lockButton_;
    QLabel* totals_;
    QTableView* table_;
    QLineEdit* label_;
    QPushButton* newAddress_;
    QLineEdit* importKey_;
    QPushButton* importButton_;
    QPushButton* copyButton_;
    QPushButton* mineButton_;
    QCheckBox* understand_;
    QPushButton* showKeyButton_;
    QLineEdit* wordsPassphrase_;
    QPushButton* showWordsButton_;
    QLabel* privateKey_;
    QLabel* message_;
};

} // namespace mbc::ui
