#pragma once

#include "consensus/crypto/header_hash_kernels.h"
#include "consensus/primitives/block.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mbc {

struct NonceSolution {
    std::uint64_t jobId = 0;
    std::uint32_t nonce = 0;
    std::uint32_t timestamp = 0;
};

// Searches nonces for a header on N threads, each over its own slice of the 32-bit nonce
// space (a thread that exhausts its slice moves its timestamp on by one second), hashing
// with the header midstate and `kernel`. The first solution is reported once, on a search thread;
// then the search stops. start() replaces a running search; the node restarts it on a new tip.
class NonceSearch {
public:
    // `nonceSpace`: how many nonces a timestamp offers, 2^32 as in a header; tests pass a
    // small one to see slices run out.
    explicit NonceSearch(HeaderHashKernel kernel = fastestSupportedKernel(),
                         std::uint64_t nonceSpace = std::uint64_t(1) << 32)
        : nonceSpace_(nonceSpace)
        , kernel_(kernel) {}
    ~NonceSearch();
    NonceSearch(const NonceSearch&) = delete;
    NonceSearch& operator=(const NonceSearch&) = delete;

    void start(std::uint64_t jobId, const BlockHeader& header, unsigned threads,
               std::function<void(const NonceSolution&)> onFound);
    void stop();
    bool running() const { return !workers_.empty() && !stop_.load(); }

    // Nonces tried since construction, over all searches (a Prometheus counter).
    std::uint64_t hashesTried() const { return hashes_.load(std::memory_order_relaxed); }
    unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

private:
    void search(unsigned index, unsigned count, BlockHeader header);

    std::vector<std::thread> workers_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> found_{false};
    std::atomic<std::uint64_t> hashes_{0};
    std::uint64_t nonceSpace_;
    HeaderHashKernel kernel_;
    std::uint64_t jobId_ = 0;
    std::function<void(const NonceSolution&)> onFound_;
};

} // namespace mbc
