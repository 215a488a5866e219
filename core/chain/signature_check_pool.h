#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/rules/signature_jobs.h"
#include "consensus/serialize/tx_serialize.h"

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace mbc {

// Worker threads that run a block's signature checks. The answer is the lowest-index failing
// job (or none), whatever the number of threads, so validation results never depend on it.
// With a cache, a signature found valid before (when its tx entered the mempool) is taken from
// it instead of being verified again.
//
// Between batches the workers can check a block's signatures early (into the cache, last
// transaction first) while the caller reads and writes the store; when the caller's batch
// arrives they move straight on to it. The same threads stay busy on their cores throughout:
// waking or creating other threads for the two phases left one core idle for milliseconds
// while two threads shared the other (seen with perf sched on a 2-core VM).
class SignatureCheckPool : public SignatureJobRunner {
public:
    // `threads` counts the calling thread; 0 means one per hardware thread.
    explicit SignatureCheckPool(unsigned threads = 0, SignatureCache* cache = nullptr);
    ~SignatureCheckPool();
    SignatureCheckPool(const SignatureCheckPool&) = delete;
    SignatureCheckPool& operator=(const SignatureCheckPool&) = delete;

    unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }
    SignatureCache* cache() const { return cache_; }

    // Runs the jobs: those found in the cache (from the first on) on the calling thread, the
    // rest on the workers and the calling thread (on the calling thread alone if few). Calls
    // are serialized (one caller: block validation). Ends early checks (of whichever block is
    // checked early) when the first job is cached or a batch is handed out.
    std::optional<SignatureFailure> firstFailure(std::span<const SignatureJob> jobs) override;

    // Starts checking `block`'s signatures early on the workers (see above); `block` must
    // live until stopEarlyChecks() returns. Needs a cache; without one, or without workers,
    // does nothing.
    void startEarlyChecks(const Block& block);
    // Returns once no worker checks the block any more (each finishes its transaction).
    void stopEarlyChecks();

    // For tests: batches handed to the workers so far (a call whose jobs are all found in the
    // cache hands out none), and whether the workers may still check a block early.
    std::uint64_t batchesHandedOut() const;
    bool checkingEarly() const;

private:
    // Workers leave the early-checked block after their current tx (without waiting for them).
    void endEarlyChecks();
    // firstFailure's jobs from the first one not found in the cache.
    std::optional<SignatureFailure> firstUncachedFailure(std::span<const SignatureJob> jobs);
    void workerLoop();
    void runBatch();
    // Checks the early block's transactions until none is left, a batch is waiting (its
    // generation is not `seen`) or early checks stop.
    void runEarlyChecks(std::uint64_t seen);

    SignatureCache* cache_;
    std::vector<std::thread> workers_;
    std::mutex callMutex_; // one batch at a time

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::span<const SignatureJob> batch_;
    std::size_t next_ = 0;                 // guarded by mutex_ (claimed in chunks)
    std::size_t lowestFailure_ = SIZE_MAX; // guarded by mutex_
    unsigned busyWorkers_ = 0;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;

    const Block* earlyBlock_ = nullptr; // guarded by mutex_; null: no early checks
    std::size_t earlyNext_ = 0;         // guarded by mutex_: transactions left, from the end
    std::uint64_t earlyGeneration_ = 0; // guarded by mutex_
    unsigned earlyWorkers_ = 0;         // guarded by mutex_: workers inside runEarlyChecks
    std::condition_variable earlyDone_;
};

} // namespace mbc
