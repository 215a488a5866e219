#pragma once

#include "net/node_services.h"
#include "node/node_config.h"
#include "ui/node_status.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace mbc::ui {

class NodeWorker;

// The GUI's handle on the node (in the spirit of Bitcoin Core's interfaces::Node): the node,
// its REST API and its peer network run on a thread of their own, so the GUI thread never
// waits on validation, storage or mining. The GUI asks for work with post() or ask() and hears
// back through signals and replies delivered on its own thread.
class NodeThread : public QObject {
    Q_OBJECT
public:
    explicit NodeThread(QObject* parent = nullptr);
    ~NodeThread() override; // stops the node (mining first) and joins its thread

    // Starts the node; started() or failed() follows.
    void start(const node::NodeConfig& config);
    // What start() was given (empty before).
    const node::NodeConfig& config() const { return config_; }
    bool isRunning() const { return running_; }

    // Runs `work` on the node's thread, once the node is running (never if it fails to start).
    void post(std::function<void(net::NodeServices&)> work);

    // Runs `query` on the node's thread, then `reply(result)` on the GUI thread (unless
    // `context` is gone by then).
    template <typename Result>
    void ask(std::function<Result(net::NodeServices&)> query, QObject* context,
             std::function<void(Result)> reply) {
        post([this, query = std::move(query), context = QPointer<QObject>(context),
              reply = std::move(reply)](net::NodeServices& services) mutable {
            Result result = query(services);
            deliver([context, reply = std::move(reply), result = std::move(result)]() mutable {
                if (context)
                    reply(std::move(result));
            });
        });
    }

    // Runs `fn` on the GUI thread (this object's, which outlives the node thread's work), from
    // the node's thread; `fn` must check that what it touches still exists.
    void deliver(std::function<void()> fn) {
        QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
    }

    // Asks for a fresh status now (it also comes every second and after every new tip).
    void refreshStatus();

signals:
    void started(const QString& restUrl);
    void failed(const mbc::net::StartFailure& why);
    void statusChanged(const mbc::ui::NodeStatus& status);

private:
    QThread thread_;
    NodeWorker* worker_; // lives on thread_
    bool running_ = false;
    node::NodeConfig config_;
};

} // namespace mbc::ui
