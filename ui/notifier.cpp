#include "ui/notifier.h"

#include "ui/amount_text.h"
#include "ui/client_model.h"
#include "ui/wallet_model.h"

#include <QApplication>
#include <QMainWindow>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace mbc::ui {

Notifier::Notifier(ClientModel& client, WalletModel& wallet, QWidget* window)
    : QObject(window)
    , window_(window)
    , blocksFound_(client.status().blocksFound) {
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(QApplication::windowIcon(), this);
        tray_->setToolTip(QApplication::applicationDisplayName());
        tray_->show();
    }
    connect(&client, &ClientModel::statusChanged, this, [this, &client] {
        const node::NodeStatus& s = client.status();
        if (s.blocksFound > blocksFound_)
            notify(tr("Block found"), tr("This node mined block %1.").arg(s.height));
        blocksFound_ = s.blocksFound;
    });
    // While the node catches up, old payments come in as if new: not news.
    connect(&wallet, &WalletModel::paymentReceived, this,
            [this, &client](const QString& txid, Amount amount) {
                if (client.status().syncing)
                    return;
                notify(tr("Payment received"), tr("%1 coins reached the wallet (transaction %2).")
                                                   .arg(coinsText(amount), txid.left(16)));
            });
    connect(&wallet, &WalletModel::requestPaid, this,
            [this, &client](const wallet::RequestRecord& r) {
                if (client.status().syncing)
                    return;
                // The label is the user's, but desktop notifications may read markup: escaped.
                notify(tr("Payment request paid"),
                       tr("The request \"%1\" for %2 was paid.")
                           .arg(QString::fromStdString(r.label).toHtmlEscaped(),
                                r.amount ? tr("%1 coins").arg(coinsText(*r.amount))
                                         : tr("any amount")));
            });
}

void Notifier::notify(const QString& title, const QString& text) {
    if (tray_)
        tray_->showMessage(title, text);
    else if (auto* main = qobject_cast<QMainWindow*>(window_))
        main->statusBar()->showMessage(title + ": " + text, 15000);
    emit notified(title, text);
}

} // namespace mbc::ui
