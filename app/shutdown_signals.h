#pragma once

#include <QObject>

class QSocketNotifier;

namespace mbc::app {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop, so shutdown runs as ordinary
// code (closing the store and the log) rather than inside a signal handler.
class ShutdownSignals : public QObject {
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject* parent = nullptr);
    ~ShutdownSignals() override;

signals:
    void received(int signalNumber);

private:
    QSocketNotifier* notifier_ = nullptr;
};

} // namespace mbc::app
