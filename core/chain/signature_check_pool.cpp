#include "chain/signature_check_pool.h"

#include "chain/signature_precheck.h"
#include "consensus/rules/input_rules.h"

#include <algorithm>

namespace mbc {
namespace {

// Large enough that claiming work costs little next to ~16 verifications, small enough that
// threads finish close together on a 1,000-input block.
constexpr std::size_t kChunk = 16;

} // namespace

SignatureCheckPool::SignatureCheckPool(unsigned threads, SignatureCache* cache)
    : cache_(cache) {
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    workers_.reserve(threads - 1);
    for (unsigned i = 1; i < threads; ++i)
        workers_.emplace_back([this] { workerLoop(); });
}

SignatureCheckPool::~SignatureCheckPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_)
        t.join();
}

void SignatureCheckPool::workerLoop() {
    std::uint64_t seen = 0;
    std::uint64_t earlySeen = 0;
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] {
            return stopping_ || generation_ != seen ||
                   (earlyBlock_ && earlyGeneration_ != earlySeen);
        });
        if (stopping_)
            return;
        if (generation_ != seen) { // a batch comes first
            seen = generation_;
            lock.unlock();
            runBatch();
            lock.lock();
            if (--busyWorkers_ == 0)
                done_.notify_one();
            continue;
        }
        earlySeen = earlyGeneration_;
        ++earlyWorkers_;
        lock.unlock();
        runEarlyChecks(seen);
        lock.lock();
        if (--earlyWorkers_ == 0)
            earlyDone_.notify_all();
    }
}

void SignatureCheckPool::runEarlyChecks(std::uint64_t seen) {
    while (true) {
        const Transaction* tx;
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || !earlyBlock_ || generation_ != seen || earlyNext_ <= 1) // coinbase: 0
                return;
            tx = &earlyBlock_->transactions[--earlyNext_];
        }
        precheckTxSignatures(*tx, *cache_);
    }
}

void SignatureCheckPool::startEarlyChecks(const Block& block) {
    if (workers_.empty() || !cache_)
        return;
    {
        std::lock_guard lock(mutex_);
        earlyBlock_ = &block;
        earlyNext_ = block.transactions.size();
        ++earlyGeneration_;
    }
    wake_.notify_all();
}

void SignatureCheckPool::stopEarlyChecks() {
    std::unique_lock lock(mutex_);
    earlyBlock_ = nullptr;
    earlyDone_.wait(lock, [&] { return earlyWorkers_ == 0; });
}

void SignatureCheckPool::runBatch() {
    while (true) {
        std::size_t begin, end;
        {
            std::lock_guard lock(mutex_);
            // Jobs after a known failure cannot change the answer; jobs before it still can.
            const std::size_t limit = std::min(batch_.size(), lowestFailure_);
            if (next_ >= limit)
                return;
            begin = next_;
            end = std::min(limit, begin + kChunk);
            next_ = end;
        }
        for (std::size_t i = begin; i < end; ++i) {
            if (!checkSignatureJob(batch_[i], cache_)) {
                std::lock_guard lock(mutex_);
                lowestFailure_ = std::min(lowestFailure_, i);
                break; // the rest of this chunk lies after a failure
            }
        }
    }
}

std::optional<SignatureFailure>
SignatureCheckPool::firstFailure(std::span<const SignatureJob> jobs) {
    // Results checked before (a synced page's signatures, mempool txs', a block's whose early
    // checks are done) are used up on this thread: a lookup hashes the input's sighash, as a
    // worker would, but wakes no thread, which on a busy machine also waits for a core. When the
    // first job is not cached (a new block: its early checks go from its last tx back), a batch
    // takes the workers over where they are, or the few jobs are checked here, as before.
    std::size_t cached = 0;
    if (cache_ && !jobs.empty() && takeCachedSignature(jobs.front(), *cache_)) {
        // Early checks would now meet txs this call has used up, and verify them again.
        endEarlyChecks();
        cached = 1;
        while (cached < jobs.size() && takeCachedSignature(jobs[cached], *cache_))
            ++cached;
    }
    const std::span<const SignatureJob> rest = jobs.subspan(cached);
    auto failure = firstUncachedFailure(rest);
    if (failure)
        failure->jobIndex += cached;
    return failure;
}

std::optional<SignatureFailure>
SignatureCheckPool::firstUncachedFailure(std::span<const SignatureJob> jobs) {
    if (workers_.empty() || jobs.size() <= kChunk)
        return firstSignatureFailure(jobs, cache_);

    std::lock_guard call(callMutex_);
    {
        std::lock_guard lock(mutex_);
        earlyBlock_ = nullptr; // the workers leave it for this batch
        batch_ = jobs;
        next_ = 0;
        lowestFailure_ = SIZE_MAX;
        busyWorkers_ = static_cast<unsigned>(workers_.size());
        ++generation_;
    }
    wake_.notify_all();
    runBatch();
    std::size_t failed;
    {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return busyWorkers_ == 0; });
        failed = lowestFailure_;
        batch_ = {};
    }
    if (failed == SIZE_MAX)
        return std::nullopt;
    // Recomputed on this thread so the message does not depend on which thread saw it (a
    // failure is never cached, so this checks again).
    return SignatureFailure{failed, checkSignatureJob(jobs[failed], nullptr).failure()};
}

std::uint64_t SignatureCheckPool::batchesHandedOut() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void SignatureCheckPool::endEarlyChecks() {
    std::lock_guard lock(mutex_);
    earlyBlock_ = nullptr; // each worker finishes the tx it is on
}

bool SignatureCheckPool::checkingEarly() const {
    std::lock_guard lock(mutex_);
    return earlyBlock_ != nullptr;
}

} // namespace mbc
