#pragma once

#include "consensus/result.h"
#include "consensus/rules/signature_cache.h"
#include "consensus/serialize/tx_serialize.h"

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

namespace mbc {

// One input's signature check, queued while a block's transactions are checked in order.
struct SignatureJob {
    const Transaction* tx;
    const TxPreimage* preimage;
    std::uint32_t input;
    PubKeyHash spentPubkeyHash;
    std::size_t txIndex; // position in the block, for messages
};

struct SignatureFailure {
    std::size_t jobIndex;
    Failure failure;
};

// Worker threads that run a block's signature checks. The answer is the lowest-index failing
// job (or none), whatever the number of threads, so validation results never depend on it.
// With a cache, a signature found valid before (when its tx entered the mempool) is taken from
// it instead of being verified again.
class SignatureCheckPool {
public:
    // `threads` counts the calling thread; 0 means one per hardware thread.
    explicit SignatureCheckPool(unsigned threads = 0, SignatureCache* cache = nullptr);
    ~SignatureCheckPool();
    SignatureCheckPool(const SignatureCheckPool&) = delete;
    SignatureCheckPool& operator=(const SignatureCheckPool&) = delete;

    unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }
    SignatureCache* cache() const { return cache_; }

    // Runs the jobs (the calling thread works too). Calls are serialized.
    std::optional<SignatureFailure> firstFailure(std::span<const SignatureJob> jobs);

private:
    void workerLoop();
    void runBatch();

    SignatureCache* cache_;
    std::vector<std::thread> workers_;
    std::mutex callMutex_; // one batch at a time

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    std::span<const SignatureJob> batch_;
    std::size_t next_ = 0;                 // guarded by mutex_ (claimed in chunks)
    std::size_t lowestFailure_ = SIZE_MAX; // guarded by mutex_
    unsigned busyWorkers_ = 0;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;
};

// Runs jobs one by one on the calling thread; same answer as the pool.
std::optional<SignatureFailure> firstSignatureFailure(std::span<const SignatureJob> jobs,
                                                      SignatureCache* cache = nullptr);

} // namespace mbc
