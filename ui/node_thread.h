#pragma once

#include "node/node_config.h"
#include "node/node_interface.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>
#include <optional>

namespace mbc::ui {

class NodeWorker;

// Runs the app's node on a thread of its own (its REST API and peer network with it), so the GUI
// thread never waits on validation, storage or mining. The GUI reaches the node only through
// node::NodeInterface: it hands post() or ask() work for the node's thread and hears back
// through signals and replies delivered on its own thread.
class NodeThread : public QObject {
    Q_OBJECT
public:
    // `starter` makes the node on the node's thread (node::startLocalNode in the app).
    explicit NodeThread(node::NodeInterface::Starter starter, QObject* parent = nullptr);
    ~NodeThread() override; // stops the node (mining first) and joins its thread

    // Starts the node; started() or failed() follows.
    void start(const node::NodeConfig& config);
    // What start() was given (empty before).
    const node::NodeConfig& config() const { return config_; }
    bool isRunning() const { return running_; }

    // Runs `work` on the node's thread, once the node is running (never if it fails to start).
    void post(std::function<void(node::NodeInterface&)> work);

    // Runs `query` on the node's thread, then `reply(result)` on the GUI thread (unless
    // `context` is gone by then). If the query fails (the store in trouble), `failed` runs on
    // the GUI thread instead, so that a view waiting for an answer may ask again.
    template <typename Result>
    void ask(std::function<Result(node::NodeInterface&)> query, QObject* context,
             std::function<void(Result)> reply, std::function<void()> failed = {}) {
        post([this, query = std::move(query), context = QPointer<QObject>(context),
              reply = std::move(reply),
              failed = std::move(failed)](node::NodeInterface& node) mutable {
            std::optional<Result> result;
            try {
                result.emplace(query(node));
            } catch (...) {
                deliver([context, failed = std::move(failed)] {
                    if (context && failed)
                        failed();
                });
                throw; // the worker logs why
            }
            deliver([context, reply = std::move(reply), result = std::move(*result)]() mutable {
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
    void failed(const mbc::node::StartFailure& why);
    void statusChanged(const mbc::node::NodeStatus& status);

private:
    QThread thread_;
    NodeWorker* worker_; // lives on thread_
    bool running_ = false;
    node::NodeConfig config_;
};

} // namespace mbc::ui
