#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace mbc::ui {

class ClientModel;
class ExplorerPage;
class LogModel;
class ConsolePage;
class LogPage;
class MiningPage;
class NetworkPage;
class OverviewPage;
class WalletModel;
class ValidationPage;
class WalletPage;

// The application window: a pane per task, chosen on the left, and the node's state in the
// status bar (network, height, peers, sync, mining).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Pane { Overview, Wallet, Mining, Explorer, Validation, Network, Log, Console };

    MainWindow(ClientModel& client, WalletModel& wallet, LogModel& log, QWidget* parent = nullptr);

    void showPane(Pane pane);
    // A minibitcoin: link: the Wallet pane's Send tab, filled in from it (or why not).
    void openPaymentRequest(const QString& uri);
    void openSettings();
    Pane currentPane() const;
    ExplorerPage& explorerPage() { return *explorer_; }
    ValidationPage& validationPage() { return *validation_; }

signals:
    // The user chose another data directory (saved in Settings) because another MiniBitcoin
    // holds this one: the app starts again on it.
    void restartRequested(const QString& dataDir);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showStartFailure();
    // A check:block:, check:tx: or check:refused: link (from the Explorer or the Log) in the
    // Validation pane.
    void openValidation(const QString& link);
    void chooseAnotherDataDir();
    void setDamagedStoreAside();
    void refreshStatusBar();

    ClientModel& client_;
    WalletModel& wallet_;
    QListWidget* nav_;
    QStackedWidget* stack_;
    OverviewPage* overview_;
    MiningPage* mining_;
    WalletPage* walletPage_;
    ExplorerPage* explorer_;
    ValidationPage* validation_;
    NetworkPage* network_;
    LogPage* log_;
    ConsolePage* console_;
    QLabel* statusNetwork_;
    QLabel* statusHeight_;
    QLabel* statusPeers_;
    QLabel* statusSync_;
    QLabel* statusMining_;
    QLabel* statusStore_; // shown while the database is in trouble
    QString balancesAt_;  // the tip and mempool the wallet's balances were last asked at
};

} // namespace mbc::ui
