#include "ui/node_thread.h"

#include "net/node_services.h"
#include "node/logging.h"

#include <QTimer>

namespace mbc::ui {

// Owns the node on the node's thread and reports its status from there.
class NodeWorker : public QObject {
    Q_OBJECT
public:
    void start(const node::NodeConfig& config) {
        auto outcome = net::NodeServices::start(config);
        if (const auto* why = std::get_if<net::StartFailure>(&outcome)) {
            qCWarning(lcNode).noquote() << "the node did not start:" << why->message;
            failed_ = true;
            waiting_.clear();
            emit failed(*why);
            return;
        }
        services_ = std::move(std::get<std::unique_ptr<net::NodeServices>>(outcome));
        node::Node& n = services_->node();
        // Changes publish soon, but at most ten times a second: regtest mines hundreds of
        // blocks a second, and the GUI needs only what a person can see.
        soon_ = new QTimer(this);
        soon_->setSingleShot(true);
        soon_->setInterval(100);
        connect(soon_, &QTimer::timeout, this, &NodeWorker::publishStatus);
        const auto changed = [this] {
            if (!soon_->isActive())
                soon_->start();
        };
        connect(&n, &node::Node::chainTipChanged, this, changed);
        connect(&n, &node::Node::chainBlockDisconnected, this, [this] { ++disconnected_; });
        connect(&n, &node::Node::syncStateChanged, this, changed);
        connect(&n.mining(), &node::MiningController::stateChanged, this, changed);
        connect(&n, &node::Node::transactionAccepted, this, changed);
        connect(&n, &node::Node::storeAvailabilityChanged, this, changed);
        timer_ = new QTimer(this);
        connect(timer_, &QTimer::timeout, this, &NodeWorker::publishStatus);
        timer_->start(1000);
        emit started(services_->url());
        publishStatus();
        for (auto& work : waiting_)
            runNow(work);
        waiting_.clear();
    }

    // Work asked for before the node started runs once it has (and never if it fails to).
    void run(std::function<void(net::NodeServices&)> work) {
        if (services_)
            runNow(work);
        else if (!failed_)
            waiting_.push_back(std::move(work));
    }

    // The GUI's work on the node's thread, which may meet the store in trouble: what the
    // GUI asked then goes unanswered (the status bar says why), and the node runs on.
    void runNow(const std::function<void(net::NodeServices&)>& work) {
        try {
            work(*services_);
        } catch (const std::exception& e) {
            qCWarning(lcNode) << "the app's request to the node failed:" << e.what();
        }
    }

    void stop() {
        delete timer_;
        timer_ = nullptr;
        delete soon_;
        soon_ = nullptr;
        services_.reset();
    }

    void publishStatus() {
        if (!services_)
            return;
        node::Node& n = services_->node();
        NodeStatus s = last_;
        s.store = storeState(n.storeTrouble());
        try {
            readStatus(n, s);
        } catch (const std::exception& e) { // the last figures stay; the node says why soon
            qCDebug(lcNode) << "the status could not be read:" << e.what();
        }
        last_ = s;
        emit statusChanged(s);
    }

    static NodeStatus::Store storeState(std::optional<store::StoreError::Kind> trouble) {
        if (!trouble)
            return NodeStatus::Store::Working;
        switch (*trouble) {
        case store::StoreError::Kind::Full:
            return NodeStatus::Store::Full;
        case store::StoreError::Kind::Unwritable:
            return NodeStatus::Store::Unwritable;
        default:
            return NodeStatus::Store::Unreachable;
        }
    }

    void readStatus(node::Node& n, NodeStatus& s) {
        s.network = QString::fromStdString(n.params().name);
        s.restUrl = services_->url();
        s.mempoolTxs = int(n.mempool().size());
        const node::MiningController& m = n.mining();
        s.mining = m.active() && !m.paused();
        s.continuous = m.continuous();
        s.miningThreads = s.mining ? m.threads() : 0;
        s.defaultMiningThreads = m.defaultThreads();
        s.hashRate = m.hashRate();
        s.blocksFound = m.blocksFound();
        const ChainTip tip = n.tip();
        s.height = tip.height;
        s.tipHash = tip.hash ? QString::fromStdString(tip.hash->hex()) : QString();
        s.blocksDisconnected = disconnected_;
        const node::Node::SyncState& sync = n.syncState();
        s.syncing = sync.syncing;
        s.syncPeer = sync.peer;
        s.bestPeerHeight = sync.bestPeerHeight;
        s.peers = int(n.peers().all().size());
        const UInt256 target = n.nextTarget();
        s.nextTarget = QString::fromStdString(target.toHexQuantity());
        s.hashesPerBlock = expectedHashes(target);
    }

signals:
    void started(const QString& restUrl);
    void failed(const mbc::net::StartFailure& why);
    void statusChanged(const mbc::ui::NodeStatus& status);

private:
    // 2^256 / (target + 1): the nonces one block takes on average.
    static double expectedHashes(const UInt256& target) {
        double t = 0;
        for (int i = 3; i >= 0; --i)
            t = t * 18446744073709551616.0 + double(target.limb(i));
        return 115792089237316195423570985008687907853269984665640564039457584007913129639936.0 /
               (t + 1.0);
    }

    std::unique_ptr<net::NodeServices> services_;
    std::vector<std::function<void(net::NodeServices&)>> waiting_;
    bool failed_ = false;
    NodeStatus last_; // what the store let the node read last
    quint64 disconnected_ = 0;
    QTimer* timer_ = nullptr; // every second
    QTimer* soon_ = nullptr;  // after a change
};

NodeThread::NodeThread(QObject* parent)
    : QObject(parent)
    , worker_(new NodeWorker) {
    qRegisterMetaType<mbc::ui::NodeStatus>();
    qRegisterMetaType<mbc::net::StartFailure>();
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

void NodeThread::post(std::function<void(net::NodeServices&)> work) {
    QMetaObject::invokeMethod(worker_,
                              [w = worker_, work = std::move(work)]() mutable { w->run(work); });
}

void NodeThread::refreshStatus() {
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->publishStatus(); });
}

} // namespace mbc::ui

#include "node_thread.moc"
