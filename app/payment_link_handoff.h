#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QLocalServer;

namespace mbc::app {

// A payment link clicked while the app already runs starts a second `minibitcoin LINK`; that
// one hands the link to the running app (on its data directory) and exits, and the running
// app opens it. A local socket named for the data directory, in the user's runtime directory,
// reachable by this user only.
QString handoffName(const QString& dataDir);

// In the second process: true if a running app on `dataDir` took the link.
bool handOffLink(const QString& dataDir, const QString& link);

// In the running app: hears links from later starts and passes each to `open`.
class PaymentLinkListener : public QObject {
    Q_OBJECT
public:
    PaymentLinkListener(const QString& dataDir, std::function<void(const QString&)> open,
                        QObject* parent = nullptr);

private:
    QLocalServer* server_;
    std::function<void(const QString&)> open_;
};

} // namespace mbc::app
