#pragma once

#include "consensus/primitives/block.h"
#include "consensus/rules/signature_cache.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace mbc::net {

class SyncSignatureChecks;

// One downloaded page's signature checks, made by a sync's helper threads (SyncSignatureChecks)
// and by the syncing thread together, each block exactly once, so that connecting a block need
// not check its signatures again (verifyBlockSignatures: the cache is consulted, not filled).
// The syncing thread calls waitFor(i) before connecting block i: while block i is unchecked it
// checks the next unclaimed block itself instead of idling or checking block i a second time,
// which splits the verification work across the cores and leaves the SQL work to the syncing
// thread alone. The blocks must stay where they are until it is destroyed (a vector holding
// them may be moved or swapped: its elements do not move).
class PageSignatureCheck {
public:
    ~PageSignatureCheck(); // returns once every helper has left the page's blocks for good
    PageSignatureCheck(const PageSignatureCheck&) = delete;
    PageSignatureCheck& operator=(const PageSignatureCheck&) = delete;

    // True if every signature of block `index` was found valid.
    bool waitFor(std::size_t index);
    // Whether block `index` has been checked.
    bool done(std::size_t index) const { return checked_[index]; }

private:
    friend class SyncSignatureChecks;
    PageSignatureCheck(std::span<const Block> blocks, SyncSignatureChecks& checks);
    bool unclaimed() const { return nextUnclaimed_ < blocks_.size(); }
    bool checkNextUnclaimed(); // false once every block is claimed

    std::span<const Block> blocks_;
    SyncSignatureChecks& checks_;
    std::atomic<std::size_t> nextUnclaimed_{0};
    std::unique_ptr<std::atomic<bool>[]> checked_;
    std::unique_ptr<bool[]> valid_; // written before checked_[i] is set, read after
};

// A sync's helper threads, which check its pages' signatures in the order they were added: they
// go on to the next page as soon as every block of the one before is claimed, while the syncing
// thread still connects that page's last blocks and commits them. So the next page is added as
// soon as it is downloaded, and no core is left idle at a page's end. One helper for each core
// but the syncing thread's; they start with the first page.
class SyncSignatureChecks {
public:
    // `helpers`: how many (0: one for each core but one, at least one).
    explicit SyncSignatureChecks(SignatureCache& cache, unsigned helpers = 0);
    ~SyncSignatureChecks(); // every page it gave must be gone by then
    SyncSignatureChecks(const SyncSignatureChecks&) = delete;
    SyncSignatureChecks& operator=(const SyncSignatureChecks&) = delete;

    // Checks `blocks` after the pages added before it (and still there).
    std::unique_ptr<PageSignatureCheck> add(std::span<const Block> blocks);

private:
    friend class PageSignatureCheck;
    void helperLoop(std::size_t helper);
    PageSignatureCheck* firstWithUnclaimed() const; // with mutex_ held
    void release(PageSignatureCheck& page);

    SignatureCache& cache_;
    std::mutex mutex_;
    // A page added or let go, a block checked, a helper done with a page, or stopping.
    std::condition_variable changed_;
    std::deque<PageSignatureCheck*> pages_;
    std::vector<PageSignatureCheck*> helpersOn_; // the page each helper checks blocks of
    bool stopping_ = false;
    std::vector<std::thread> helpers_;
};

} // namespace mbc::net
