#pragma once

#include "node/node_status.h"
#include "node/start_failure.h"

#include <QObject>
#include <QTimer>
#include <QVector>

#include <optional>

namespace mbc::ui {

class NodeThread;

// The node's state as the GUI shows it (in the spirit of Bitcoin Core's ClientModel): the
// latest status from the node thread, and the recent hash rates for the mining chart.
class ClientModel : public QObject {
    Q_OBJECT
public:
    static constexpr int kHashRateSamples = 120; // one a second: the last two minutes

    explicit ClientModel(NodeThread& node, QObject* parent = nullptr);

    NodeThread& node() { return node_; }
    const node::NodeStatus& status() const { return status_; }
    bool started() const { return started_; }
    // Why the node did not start, in the app's language; empty while it has not failed.
    QString startError() const;
    // The same in English with the OS's or driver's words, for details and logs.
    QString startErrorDetail() const { return startFailure_ ? startFailure_->message : QString(); }
    // Another MiniBitcoin holds the data directory (the window offers another one).
    bool dataDirInUse() const {
        return startFailure_ &&
               startFailure_->reason == node::StartFailure::Reason::DataDirectoryInUse;
    }
    // The data directory, or its token, is not the user's alone (the window offers another).
    bool dataDirNotPrivate() const {
        return startFailure_ && startFailure_->reason == node::StartFailure::Reason::NotPrivate;
    }
    // The store is damaged (the window offers another data folder for an SQLite one).
    bool storeCorrupt() const {
        return startFailure_ && startFailure_->reason == node::StartFailure::Reason::StoreCorrupt;
    }
    // One a second, oldest first, at most kHashRateSamples.
    const QVector<double>& hashRates() const { return hashRates_; }

signals:
    void statusChanged();
    void startFailed();

private:
    void take(const node::NodeStatus& status);
    void sampleHashRate();

    NodeThread& node_;
    node::NodeStatus status_;
    bool started_ = false;
    std::optional<node::StartFailure> startFailure_;
    QVector<double> hashRates_;
    QTimer sampler_;
};

} // namespace mbc::ui
