#include "chain/nonce_search.h"

#include "consensus/crypto/header_midstate.h"
#include "consensus/serialize/block_serialize.h"

#include <algorithm>

namespace mbc {
namespace {
constexpr std::uint32_t kBatch = 4096; // nonces between checks of the stop flag
} // namespace

NonceSearch::~NonceSearch() {
    stop();
}

void NonceSearch::start(std::uint64_t jobId, const BlockHeader& header, unsigned threads,
                        std::function<void(const NonceSolution&)> onFound) {
    stop();
    stop_ = false;
    found_ = false;
    jobId_ = jobId;
    onFound_ = std::move(onFound);
    threads = std::max(1u, threads);
    workers_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i)
        workers_.emplace_back([this, i, threads, header] { search(i, threads, header); });
}

void NonceSearch::stop() {
    stop_ = true;
    for (std::thread& t : workers_)
        if (t.joinable())
            t.join();
    workers_.clear();
}

void NonceSearch::search(unsigned index, unsigned count, BlockHeader header) {
    // This thread's slice of the nonces: [first, last].
    const std::uint64_t span = std::max<std::uint64_t>(1, nonceSpace_ / count);
    const auto first = static_cast<std::uint32_t>(std::min(span * index, nonceSpace_ - 1));
    const auto last = static_cast<std::uint32_t>(
        index + 1 == count ? nonceSpace_ - 1 : std::min(span * (index + 1), nonceSpace_) - 1);
    // Comparing big-endian bytes is comparing the numbers (consensus/PROTOCOL.md §4).
    const std::array<std::uint8_t, 32> target = header.target.toBigEndian();
    HeaderMidstate midstate(headerBytes(header), kernel_);

    std::uint32_t nonce = first;
    while (!stop_.load(std::memory_order_relaxed)) {
        const std::uint32_t batchEnd = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(std::uint64_t(nonce) + kBatch - 1, last));
        if (const auto found = midstate.search(nonce, batchEnd, target)) {
            hashes_.fetch_add(std::uint64_t(*found) - nonce + 1, std::memory_order_relaxed);
            if (!found_.exchange(true)) {
                stop_ = true;
                onFound_(NonceSolution{jobId_, *found, header.timestamp});
            }
            return;
        }
        hashes_.fetch_add(std::uint64_t(batchEnd) - nonce + 1, std::memory_order_relaxed);
        if (batchEnd == last) { // slice exhausted: a new timestamp gives a new search space
            header.timestamp += 1;
            midstate.setTimestamp(header.timestamp);
            nonce = first;
        } else {
            nonce = batchEnd + 1;
        }
    }
}

} // namespace mbc
