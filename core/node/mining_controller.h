#pragma once

#include "chain/block_assembler.h"
#include "chain/nonce_search.h"
#include "node/mining_outcome.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>
#include <variant>

namespace mbc::node {

class Node;

// Runs the nonce search for the node: one block per request (POST /mine answers when its
// block is connected), or continuously until stopped. Rebuilds the candidate whenever the tip
// changes, so no work is spent on a stale parent. Lives on the node's thread.
class MiningController : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const std::variant<MinedBlock, MiningStop>&)>;

    MiningController(Node& node, unsigned defaultThreads, HeaderHashKernel kernel,
                     QObject* parent = nullptr);
    ~MiningController() override;

    // Mines one block paying `payee`; `done` gets it once connected (or why not).
    void mineOne(const PubKeyHash& payee, Done done);
    // Mines block after block paying `payee` until stop().
    void startContinuous(const PubKeyHash& payee, unsigned threads);
    // Stops continuous mining; pending one-block requests fail with `why`.
    void stop(MiningStop why = MiningStop::Stopped);

    // While the store is in trouble nothing is mined: one-block requests are refused
    // (StoreUnavailable) and continuous mining waits, going on once unpaused.
    void setPaused(bool paused);
    bool paused() const { return paused_; }

    bool active() const { return continuous_ || !requests_.empty(); }
    bool continuous() const { return continuous_; }
    std::optional<PubKeyHash> continuousPayee() const;
    unsigned threads() const;
    HeaderHashKernel kernel() const { return kernel_; }
    unsigned defaultThreads() const { return defaultThreads_; }
    std::uint64_t hashesTried() const { return search_.hashesTried(); }
    double hashRate() const { return hashRate_; } // nonces per second over the last seconds
    std::uint64_t blocksFound() const { return blocksFound_; }
    // The block the current candidate builds on (zero for a genesis candidate); nullopt when
    // not mining.
    std::optional<Hash256> candidateParent() const {
        return job_ ? std::optional<Hash256>(job_->block.header.prevHash) : std::nullopt;
    }

    // The node calls this after every change of the tip.
    void tipChanged();

signals:
    void blockMined(const MinedBlock& block);
    void stateChanged();

private:
    struct Request {
        PubKeyHash payee;
        Done done;
        QElapsedTimer clock;
    };

    void restart();
    void found(const NonceSolution& solution);
    // Submits the block found and goes on with what is asked next; throws store errors.
    void take(const Block& block, const NonceSolution& solution);
    void sampleHashRate();

    Node& node_;
    unsigned defaultThreads_;
    HeaderHashKernel kernel_;
    NonceSearch search_;
    std::deque<Request> requests_;
    bool continuous_ = false;
    bool paused_ = false;
    PubKeyHash continuousPayee_;
    unsigned continuousThreads_ = 0;
    QElapsedTimer continuousClock_;

    bool submitting_ = false; // our own block is being connected
    std::uint64_t jobId_ = 0;
    std::optional<BlockTemplate> job_;
    std::uint64_t blocksFound_ = 0;

    QTimer sampler_;
    std::uint64_t lastHashes_ = 0;
    double hashRate_ = 0;
};

} // namespace mbc::node
