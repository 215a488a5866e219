#pragma once

#include "ui/node_status.h"

#include <QObject>
#include <QTimer>
#include <QVector>

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
    const NodeStatus& status() const { return status_; }
    bool started() const { return started_; }
    const QString& startError() const { return startError_; }
    // One a second, oldest first, at most kHashRateSamples.
    const QVector<double>& hashRates() const { return hashRates_; }

signals:
    void statusChanged();
    void startFailed(const QString& why);

private:
    void take(const NodeStatus& status);
    void sampleHashRate();

    NodeThread& node_;
    NodeStatus status_;
    bool started_ = false;
    QString startError_;
    QVector<double> hashRates_;
    QTimer sampler_;
};

} // namespace mbc::ui
