#include "ui/main_window.h"

#include "ui/app_settings.h"
#include "ui/client_model.h"
#include "ui/console_page.h"
#include "ui/explorer_page.h"
#include "ui/log_page.h"
#include "ui/mining_page.h"
#include "ui/network_page.h"
#include "ui/node_thread.h"
#include "ui/notifier.h"
#include "ui/overview_page.h"
#include "ui/settings_dialog.h"
#include "ui/status_text.h"
#include "ui/validation_page.h"
#include "ui/wallet_model.h"
#include "ui/wallet_page.h"

#include "node/data_dir.h"
#include "node/logging.h"

#include <QApplication>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

namespace mbc::ui {

MainWindow::MainWindow(ClientModel& client, WalletModel& wallet, LogModel& log, QWidget* parent)
    : QMainWindow(parent)
    , client_(client)
    , wallet_(wallet)
    , nav_(new QListWidget(this))
    , stack_(new QStackedWidget(this))
    , overview_(new OverviewPage(client, this))
    , mining_(new MiningPage(client, this))
    , walletPage_(new WalletPage(wallet, *mining_, this))
    , explorer_(new ExplorerPage(client, this))
    , validation_(new ValidationPage(client, this))
    , network_(new NetworkPage(client, this))
    , log_(new LogPage(log, this))
    , console_(new ConsolePage(client, this))
    , statusNetwork_(new QLabel(this))
    , statusHeight_(new QLabel(this))
    , statusPeers_(new QLabel(this))
    , statusSync_(new QLabel(this))
    , statusMining_(new QLabel(this))
    , statusStore_(new QLabel(this)) {
    nav_->setObjectName("navigation");
    nav_->setFixedWidth(160);
    nav_->setStyleSheet(
        "QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 10px; }");
    for (QWidget* page : {static_cast<QWidget*>(overview_), static_cast<QWidget*>(walletPage_),
                          static_cast<QWidget*>(mining_), static_cast<QWidget*>(explorer_),
                          static_cast<QWidget*>(validation_), static_cast<QWidget*>(network_),
                          static_cast<QWidget*>(log_), static_cast<QWidget*>(console_)}) {
        stack_->addWidget(page);
        nav_->addItem(QString());
    }
    connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
    nav_->setCurrentRow(0);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(nav_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    statusNetwork_->setObjectName("statusNetwork");
    statusHeight_->setObjectName("statusHeight");
    statusPeers_->setObjectName("statusPeers");
    statusSync_->setObjectName("statusSync");
    statusMining_->setObjectName("statusMining");
    statusStore_->setObjectName("statusStore");
    statusStore_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    statusStore_->hide();
    for (QLabel* l :
         {statusStore_, statusNetwork_, statusHeight_, statusPeers_, statusSync_, statusMining_})
        statusBar()->addPermanentWidget(l);

    connect(&client_, &ClientModel::statusChanged, this, &MainWindow::refreshStatusBar);
    connect(&client_, &ClientModel::statusChanged, this, [this] {
        // Balances change only with the tip or the mempool.
        const node::NodeStatus& s = client_.status();
        const QString at = s.tipHash + '/' + QString::number(s.mempoolTxs);
        if (at != balancesAt_) {
            balancesAt_ = at;
            wallet_.refreshBalances();
        }
    });
    new Notifier(client_, wallet_, this); // owned by the window
    connect(walletPage_, &WalletPage::miningRequested, this, [this] { showPane(Pane::Mining); });
    mining_->offerAddresses(&wallet_, WalletModel::LabelColumn, WalletModel::AddressColumn);
    connect(walletPage_, &WalletPage::explorerRequested, this, [this](const QString& link) {
        explorer_->openLink(link);
        showPane(Pane::Explorer);
    });
    connect(walletPage_, &WalletPage::validationRequested, this, [this](const Transaction& tx) {
        validation_->checkSubject(tx);
        showPane(Pane::Validation);
    });
    connect(explorer_, &ExplorerPage::validationRequested, this, &MainWindow::openValidation);
    connect(log_, &LogPage::validationRequested, this, &MainWindow::openValidation);
    connect(&client_, &ClientModel::startFailed, this, &MainWindow::showStartFailure);
    setWindowIcon(QIcon(":/icons/minibitcoin.png"));
    resize(980, 640);
    retranslate();
}

void MainWindow::showStartFailure() {
    refreshStatusBar();
    // Not exec(): the window (and its Overview, which says the same) stays responsive.
    auto* box = new QMessageBox(QMessageBox::Critical, tr("MiniBitcoin"),
                                tr("The node did not start:\n%1").arg(client_.startError()),
                                QMessageBox::Close, this);
    box->setDetailedText(client_.startErrorDetail());
    box->setObjectName("startFailedBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    // Two processes may not share one store and one wallet: this one may use another data
    // folder, unless its store is a database server's, which the other node uses too. A folder
    // others can change is no place for a wallet: another one is offered whatever the store.
    const bool storeInFolder = client_.node().config().databaseUrl.isEmpty();
    if ((client_.dataDirInUse() && storeInFolder) || client_.dataDirNotPrivate()) {
        QPushButton* other =
            box->addButton(tr("Use another data folder..."), QMessageBox::AcceptRole);
        other->setObjectName("otherDataDirButton");
        connect(other, &QPushButton::clicked, this, &MainWindow::chooseAnotherDataDir);
    }
    // A damaged store file may be set aside for a new one in the same folder, where the
    // wallet is.
    if (client_.storeCorrupt() && storeInFolder) {
        QPushButton* aside =
            box->addButton(tr("Set the damaged database aside"), QMessageBox::AcceptRole);
        aside->setObjectName("setStoreAsideButton");
        connect(aside, &QPushButton::clicked, this, &MainWindow::setDamagedStoreAside);
    }
    box->open();
}

void MainWindow::chooseAnotherDataDir() {
    auto* dialog = new QFileDialog(this, tr("Choose a data folder for this MiniBitcoin"));
    dialog->setObjectName("dataDirDialog");
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    dialog->setOption(QFileDialog::DontUseNativeDialog); // the same everywhere, and testable
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& dir) {
        AppSettings s = AppSettings::load();
        s.node.insert("DATA_DIR", dir);
        s.save();
        emit restartRequested(dir);
    });
    dialog->open();
}

void MainWindow::setDamagedStoreAside() {
    const node::NodeConfig& config = client_.node().config();
    const node::StoreSetAside moved =
        node::setStoreAside(config.sqlitePath(), QDateTime::currentDateTimeUtc());
    if (!moved.error.isEmpty()) {
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("MiniBitcoin"),
                            tr("The damaged database was not set aside: %1").arg(moved.error),
                            QMessageBox::Close, this);
        box->setObjectName("setAsideFailedBox");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    qCWarning(lcNode).noquote() << "the damaged database was set aside as" << moved.movedTo;
    emit restartRequested(config.dataDir);
}

void MainWindow::openSettings() {
    // Not exec(): the node keeps being shown while the dialog is open.
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::saved, this, [this](const AppSettings& s) {
        wallet_.setIdleLock(std::chrono::minutes(s.walletLockMinutesOrDefault()));
    });
    dialog->open();
}

void MainWindow::openPaymentRequest(const QString& uri) {
    showPane(Pane::Wallet);
    walletPage_->openPaymentRequest(uri);
}

void MainWindow::openValidation(const QString& link) {
    validation_->openLink(link);
    showPane(Pane::Validation);
}

void MainWindow::showPane(Pane pane) {
    nav_->setCurrentRow(int(pane));
}

MainWindow::Pane MainWindow::currentPane() const {
    return Pane(stack_->currentIndex());
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("MiniBitcoin"));
    const QStringList panes{tr("Overview"),   tr("Wallet"),  tr("Mining"), tr("Explorer"),
                            tr("Validation"), tr("Network"), tr("Log"),    tr("Console")};
    for (int i = 0; i < panes.size(); ++i)
        nav_->item(i)->setText(panes[i]);

    menuBar()->clear();
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* settings = file->addAction(tr("&Settings..."), QKeySequence::Preferences, this,
                                        &MainWindow::openSettings);
    settings->setObjectName("settingsAction");
    file->addSeparator();
    file->addAction(tr("&Back up the wallet..."), this,
                    [this] {
                        showPane(Pane::Wallet);
                        walletPage_->backUpWallet();
                    })
        ->setObjectName("backupWalletAction");
    file->addAction(tr("&Restore a wallet..."), this,
                    [this] {
                        showPane(Pane::Wallet);
                        walletPage_->restoreWallet();
                    })
        ->setObjectName("restoreWalletAction");
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MiniBitcoin"), this, [this] {
        QMessageBox::about(this, tr("About MiniBitcoin"),
                           tr("MiniBitcoin %1\nA wallet and full node of a small proof-of-work "
                              "blockchain.\nReleased under the MIT license.")
                               .arg(QApplication::applicationVersion()));
    });
    refreshStatusBar();
}

void MainWindow::refreshStatusBar() {
    const node::NodeStatus& s = client_.status();
    if (!client_.startError().isEmpty())
        statusNetwork_->setText(tr("node not running"));
    else
        statusNetwork_->setText(s.network.isEmpty() ? tr("starting...")
                                                    : tr("Network: %1").arg(s.network));
    statusHeight_->setText(s.height < 0 ? tr("Height: none") : tr("Height: %1").arg(s.height));
    statusPeers_->setText(tr("Peers: %1").arg(s.peers));
    statusSync_->setText(syncText(s));
    statusMining_->setText(miningText(s));
    const QString trouble = storeText(s);
    statusStore_->setText(trouble);
    statusStore_->setVisible(!trouble.isEmpty());
}

} // namespace mbc::ui
