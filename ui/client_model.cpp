#include "ui/client_model.h"

#include "ui/node_reasons.h"
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
    connect(&node_, &NodeThread::failed, this, [this](const node::StartFailure& why) {
        startFailure_ = why;
        emit startFailed();
    });
    connect(&sampler_, &QTimer::timeout, this, &ClientModel::sampleHashRate);
    sampler_.start(1000);
}

QString ClientModel::startError() const {
    return startFailure_ ? NodeReasons::startFailure(*startFailure_) : QString();
}

void ClientModel::sampleHashRate() {
    hashRates_.push_back(status_.mining ? status_.hashRate : 0.0);
    if (hashRates_.size() > kHashRateSamples)
        hashRates_.removeFirst();
}

void ClientModel::take(const node::NodeStatus& status) {
    status_ = status;
    emit statusChanged();
}

} // namespace mbc::ui
