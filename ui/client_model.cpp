#include "ui/client_model.h"

#include "ui/node_thread.h"

namespace mbc::ui {

ClientModel::ClientModel(NodeThread& node, QObject* parent)
    : QObject(parent)
    , node_(node) {
    connect(&node_, &NodeThread::statusChanged, this, &ClientModel::take);
    connect(&node_, &NodeThread::started, this, [this] {
        started_ = true;
        emit statusChanged(); // what the panes enable depends on it
    });
    connect(&node_, &NodeThread::failed, this, [this](const QString& why) {
        startError_ = why;
        emit startFailed(why);
    });
    connect(&sampler_, &QTimer::timeout, this, &ClientModel::sampleHashRate);
    sampler_.start(1000);
}

void ClientModel::sampleHashRate() {
    hashRates_.push_back(status_.mining ? status_.hashRate : 0.0);
    if (hashRates_.size() > kHashRateSamples)
        hashRates_.removeFirst();
}

void ClientModel::take(const NodeStatus& status) {
    status_ = status;
    emit statusChanged();
}

} // namespace mbc::ui
