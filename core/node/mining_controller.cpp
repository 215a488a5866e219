#include "node/mining_controller.h"

#include "consensus/serialize/block_serialize.h"
#include "node/logging.h"
#include "node/node.h"

namespace mbc::node {

MiningController::MiningController(Node& node, unsigned defaultThreads, HeaderHashKernel kernel,
                                   QObject* parent)
    : QObject(parent)
    , node_(node)
    , defaultThreads_(std::max(1u, defaultThreads))
    , kernel_(kernel)
    , search_(kernel) {
    sampler_.setInterval(1000);
    connect(&sampler_, &QTimer::timeout, this, &MiningController::sampleHashRate);
    sampler_.start();
}

MiningController::~MiningController() {
    search_.stop();
}

std::optional<PubKeyHash> MiningController::continuousPayee() const {
    if (!continuous_)
        return std::nullopt;
    return continuousPayee_;
}

unsigned MiningController::threads() const {
    return continuous_ ? continuousThreads_ : defaultThreads_;
}

void MiningController::mineOne(const PubKeyHash& payee, Done done) {
    if (paused_)
        return done(MiningStop::StoreUnavailable);
    Request r{payee, std::move(done), {}};
    r.clock.start();
    requests_.push_back(std::move(r));
    if (requests_.size() == 1 && !continuous_)
        restart();
    emit stateChanged();
}

void MiningController::startContinuous(const PubKeyHash& payee, unsigned threads) {
    continuous_ = true;
    continuousPayee_ = payee;
    continuousThreads_ = std::max(1u, threads);
    continuousClock_.start();
    qCInfo(lcMining) << "continuous mining started:" << continuousThreads_ << "threads, paying"
                     << QString::fromStdString(payee.hex());
    restart();
    emit stateChanged();
}

void MiningController::stop(MiningStop why) {
    const bool wasActive = active();
    continuous_ = false;
    search_.stop();
    job_.reset();
    std::deque<Request> pending;
    pending.swap(requests_);
    for (Request& r : pending)
        r.done(why);
    if (wasActive) {
        qCInfo(lcMining).noquote() << "mining stopped:" << miningStopMessage(why);
        emit stateChanged();
    }
}

void MiningController::setPaused(bool paused) {
    if (paused == paused_)
        return;
    paused_ = paused;
    if (paused) {
        search_.stop();
        job_.reset();
        std::deque<Request> pending;
        pending.swap(requests_);
        for (Request& r : pending)
            r.done(MiningStop::StoreUnavailable);
        if (continuous_)
            qCWarning(lcMining) << "mining waits for the database";
    } else {
        restart();
    }
    emit stateChanged();
}

void MiningController::tipChanged() {
    if (active() && !submitting_)
        restart(); // the old candidate builds on a block that is no longer the tip
}

void MiningController::restart() {
    search_.stop();
    job_.reset();
    // Mid-reorg the tip is on its way and the mempool not yet updated: a candidate now could
    // spend what the reorg took away. The reorg's end (a tip change) starts mining again.
    if (!active() || paused_ || node_.reorganizing() || node_.mempoolAwaitsReorg())
        return;
    // Requests are served first; continuous mining pays its own payee between them.
    const PubKeyHash payee = requests_.empty() ? continuousPayee_ : requests_.front().payee;
    const unsigned threads = continuous_ ? continuousThreads_ : defaultThreads_;
    try {
        job_ = node_.blockTemplate(payee);
    } catch (const store::StoreError& e) { // on the event loop, from a tip change or a resume
        qCWarning(lcMining) << "no block candidate:" << e.what();
        if (e.storeInTrouble())
            setPaused(true); // until the store works again
        else
            stop(MiningStop::StoreFailed);
        return;
    } catch (const std::exception& e) { // (an ancestor missing from a damaged store)
        qCWarning(lcMining) << "no block candidate:" << e.what();
        stop(MiningStop::StoreFailed);
        return;
    }
    const std::uint64_t id = ++jobId_;
    search_.start(id, job_->block.header, threads, [this](const NonceSolution& s) {
        // On a search thread: hand the solution to the node's thread.
        QMetaObject::invokeMethod(
            this, [this, s] { found(s); }, Qt::QueuedConnection);
    });
}

void MiningController::found(const NonceSolution& solution) {
    if (!job_ || solution.jobId != jobId_)
        return; // a solution for a candidate that was replaced meanwhile
    Block block = job_->block;
    block.header.nonce = solution.nonce;
    block.header.timestamp = solution.timestamp;
    job_.reset();
    try {
        take(block, solution);
    } catch (const store::StoreError& e) { // this runs on the event loop: nothing may escape
        submitting_ = false;
        qCCritical(lcMining) << "the mined block could not be taken:" << e.what();
        if (e.storeInTrouble())
            setPaused(true); // until the node sees the store work again
        else
            stop(MiningStop::StoreFailed);
    } catch (const std::exception& e) {
        submitting_ = false;
        qCCritical(lcMining) << "the mined block could not be taken:" << e.what();
        stop(MiningStop::StoreFailed);
    }
}

void MiningController::take(const Block& block, const NonceSolution& solution) {
    // Connecting our block changes the tip; restart once below, for the right payee.
    submitting_ = true;
    const SubmitOutcome outcome = node_.submitBlock(block, QStringLiteral("miner"));
    submitting_ = false;
    if (outcome.kind != SubmitOutcome::Kind::Connected) {
        qCWarning(lcMining) << "mined block" << QString::fromStdString(outcome.hash.hex())
                            << "was not connected:"
                            << QString::fromStdString(outcome.failure ? outcome.failure->toString()
                                                                      : "stale");
        restart();
        return;
    }
    ++blocksFound_;
    MinedBlock mined{outcome.hash, static_cast<std::uint32_t>(outcome.height), solution.nonce, 0,
                     block.transactions.size()};
    if (!requests_.empty()) {
        Request r = std::move(requests_.front());
        requests_.pop_front();
        mined.elapsedSeconds = double(r.clock.nsecsElapsed()) / 1e9;
        r.done(mined);
    } else {
        mined.elapsedSeconds = double(continuousClock_.restart()) / 1e3;
    }
    emit blockMined(mined);
    restart(); // stops the search when nothing more is wanted
    emit stateChanged();
}

void MiningController::sampleHashRate() {
    const std::uint64_t now = search_.hashesTried();
    hashRate_ = double(now - lastHashes_); // per second: the timer fires every second
    lastHashes_ = now;
}

} // namespace mbc::node
