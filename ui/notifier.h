#pragma once

#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace mbc::ui {

class ClientModel;
class WalletModel;

// Tells the user, outside the window, what they wait for: a payment that reached the wallet, a
// payment request paid, a block this node found. A system tray message where the desktop has a
// tray; else the window's status bar.
class Notifier : public QObject {
    Q_OBJECT
public:
    Notifier(ClientModel& client, WalletModel& wallet, QWidget* window);

signals:
    void notified(const QString& title, const QString& text);

private:
    void notify(const QString& title, const QString& text);

    QWidget* window_;
    QSystemTrayIcon* tray_ = nullptr;
    quint64 blocksFound_ = 0;
};

} // namespace mbc::ui
