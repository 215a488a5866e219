#pragma once

#include "consensus/primitives/block.h"
#include "consensus/rules/signature_cache.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace mbc::net {

// Checks the signatures of a downloaded page of blocks on a helper thread and on the syncing
// thread together, each block exactly once, so that connecting a block finds its signatures
// in the cache. The syncing thread calls waitFor(i) before connecting block i: while block i is
// unchecked it checks the next unclaimed block itself instead of idling or checking block i a
// second time, which splits the verification work across both cores and leaves the SQL work
// to the syncing thread alone. The blocks must stay where they are until it is destroyed (a
// vector holding them may be moved or swapped: its elements do not move).
class PageSignatureCheck {
public:
    PageSignatureCheck(std::span<const Block> blocks, SignatureCache& cache);
    ~PageSignatureCheck(); // stops the helper after its current block
    PageSignatureCheck(const PageSignatureCheck&) = delete;
    PageSignatureCheck& operator=(const PageSignatureCheck&) = delete;

    void waitFor(std::size_t index);

private:
    bool checkNextUnclaimed(); // false once every block is claimed
    void helperLoop();

    std::span<const Block> blocks_;
    SignatureCache& cache_;
    std::atomic<std::size_t> nextUnclaimed_{0};
    std::atomic<bool> stop_{false};
    std::unique_ptr<std::atomic<bool>[]> checked_;
    std::mutex mutex_;
    std::condition_variable blockChecked_;
    std::thread helper_;
};

} // namespace mbc::net
