#pragma once

#include <QAbstractListModel>
#include <QMutex>
#include <QStringList>

namespace mbc::ui {

// The node's log lines (as the log file has them) for the Log pane: the newest kMaxLines,
// fed from any thread through node::setLogListener while the model exists.
class LogModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 5000;

    explicit LogModel(QObject* parent = nullptr);
    ~LogModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void append(const QStringList& lines); // GUI thread

private:
    void takePending();

    QStringList lines_;
    // Lines logged on any thread, waiting for the GUI thread to take them in one go: a busy
    // node (regtest mines hundreds of blocks a second) must not flood the event queue.
    QMutex pendingMutex_;
    QStringList pending_;
    bool flushQueued_ = false; // guarded by pendingMutex_
};

} // namespace mbc::ui
