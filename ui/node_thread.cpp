#include "ui/node_thread.h"

#include "node/logging.h"

namespace mbc::ui {

// Owns the node on the node's thread and relays its status from there.
class NodeWorker : public QObject {
    Q_OBJECT
public:
    explicit NodeWorker(node::NodeInterface::Starter starter)
        : starter_(std::move(starter)) {}

    void start(const node::NodeConfig& config) {
        auto outcome = starter_(config);
        if (const auto* why = std::get_if<node::StartFailure>(&outcome)) {
            qCWarning(lcNode).noquote() << "the node did not start:" << why->message;
            failed_ = true;
            waiting_.clear();
            emit failed(*why);
            return;
        }
        node_ = std::move(std::get<std::unique_ptr<node::NodeInterface>>(outcome));
        connect(node_.get(), &node::NodeInterface::statusChanged, this, &NodeWorker::statusChanged);
        emit started(node_->restUrl());
        publishStatus();
        for (auto& work : waiting_)
            runNow(work);
        waiting_.clear();
    }

    // Work asked for before the node started runs once it has (and never if it fails to).
    void run(std::function<void(node::NodeInterface&)> work) {
        if (node_)
            runNow(work);
        else if (!failed_)
            waiting_.push_back(std::move(work));
    }

    // The GUI's work on the node's thread, which may meet the store in trouble: what the
    // GUI asked then goes unanswered (the status bar says why), and the node runs on.
    void runNow(const std::function<void(node::NodeInterface&)>& work) {
        try {
            work(*node_);
        } catch (const std::exception& e) {
            qCWarning(lcNode) << "the app's request to the node failed:" << e.what();
        }
    }

    void stop() { node_.reset(); }

    void publishStatus() {
        if (node_)
            emit statusChanged(node_->status());
    }

signals:
    void started(const QString& restUrl);
    void failed(const mbc::node::StartFailure& why);
    void statusChanged(const mbc::node::NodeStatus& status);

private:
    node::NodeInterface::Starter starter_;
    std::unique_ptr<node::NodeInterface> node_;
    std::vector<std::function<void(node::NodeInterface&)>> waiting_;
    bool failed_ = false;
};

NodeThread::NodeThread(node::NodeInterface::Starter starter, QObject* parent)
    : QObject(parent)
    , worker_(new NodeWorker(std::move(starter))) {
    qRegisterMetaType<mbc::node::NodeStatus>();
    qRegisterMetaType<mbc::node::StartFailure>();
    thread_.setObjectName("node");
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &NodeWorker::started, this, [this](const QString& url) {
        running_ = true;
        emit started(url);
    });
    connect(worker_, &NodeWorker::failed, this, &NodeThread::failed);
    connect(worker_, &NodeWorker::statusChanged, this, &NodeThread::statusChanged);
    thread_.start();
}

NodeThread::~NodeThread() {
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { w->stop(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void NodeThread::start(const node::NodeConfig& config) {
    config_ = config;
    QMetaObject::invokeMethod(worker_, [w = worker_, config] { w->start(config); });
}

void NodeThread::post(std::function<void(node::NodeInterface&)> work) {
    QMetaObject::invokeMethod(worker_,
                              [w = worker_, work = std::move(work)]() mutable { w->run(work); });
}

void NodeThread::refreshStatus() {
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->publishStatus(); });
}

} // namespace mbc::ui

#include "node_thread.moc"
