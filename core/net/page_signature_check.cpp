#include "net/page_signature_check.h"

#include "chain/signature_precheck.h"

#include <algorithm>
#include <system_error>

namespace mbc::net {

PageSignatureCheck::PageSignatureCheck(std::span<const Block> blocks, SyncSignatureChecks& checks)
    : blocks_(blocks)
    , checks_(checks)
    , checked_(std::make_unique<std::atomic<bool>[]>(blocks.size()))
    , valid_(std::make_unique<bool[]>(blocks.size())) {
    for (std::size_t i = 0; i < blocks.size(); ++i)
        checked_[i] = false;
}

PageSignatureCheck::~PageSignatureCheck() {
    checks_.release(*this);
}

bool PageSignatureCheck::checkNextUnclaimed() {
    const std::size_t index = nextUnclaimed_.fetch_add(1);
    if (index >= blocks_.size())
        return false;
    try {
        valid_[index] = verifyBlockSignatures(blocks_[index], checks_.cache_);
    } catch (const std::exception&) {
        valid_[index] = false; // (out of memory, say): its validation checks them itself
    }
    {
        const std::lock_guard lock(checks_.mutex_);
        checked_[index] = true;
    }
    checks_.changed_.notify_all();
    return true;
}

bool PageSignatureCheck::waitFor(std::size_t index) {
    while (!checked_[index]) {
        if (checkNextUnclaimed())
            continue;
        // Every block is claimed: a helper is checking this one right now.
        std::unique_lock lock(checks_.mutex_);
        checks_.changed_.wait(lock, [&] { return checked_[index].load(); });
    }
    return valid_[index];
}

SyncSignatureChecks::SyncSignatureChecks(SignatureCache& cache, unsigned helpers)
    : cache_(cache)
    , helpersOn_(helpers ? helpers : std::max(2u, std::thread::hardware_concurrency()) - 1,
                 nullptr) {}

SyncSignatureChecks::~SyncSignatureChecks() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (std::thread& helper : helpers_)
        helper.join();
}

std::unique_ptr<PageSignatureCheck> SyncSignatureChecks::add(std::span<const Block> blocks) {
    std::unique_ptr<PageSignatureCheck> page(new PageSignatureCheck(blocks, *this));
    {
        const std::lock_guard lock(mutex_);
        pages_.push_back(page.get());
    }
    changed_.notify_all();
    try {
        while (helpers_.size() < helpersOn_.size()) {
            const std::size_t helper = helpers_.size();
            helpers_.emplace_back([this, helper] { helperLoop(helper); });
        }
    } catch (const std::system_error&) {
        // Fewer helpers (or none: the syncing thread then checks every block as it waits).
        const std::lock_guard lock(mutex_);
        helpersOn_.resize(helpers_.size());
    }
    return page;
}

PageSignatureCheck* SyncSignatureChecks::firstWithUnclaimed() const {
    const auto it = std::find_if(pages_.begin(), pages_.end(),
                                 [](const PageSignatureCheck* p) { return p->unclaimed(); });
    return it == pages_.end() ? nullptr : *it;
}

void SyncSignatureChecks::helperLoop(std::size_t helper) {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || firstWithUnclaimed(); });
        if (stopping_)
            return;
        PageSignatureCheck* page = firstWithUnclaimed();
        helpersOn_[helper] = page; // release() waits until every helper has left it
        lock.unlock();
        while (page->checkNextUnclaimed()) {
        }
        lock.lock();
        helpersOn_[helper] = nullptr;
        changed_.notify_all();
    }
}

void SyncSignatureChecks::release(PageSignatureCheck& page) {
    std::unique_lock lock(mutex_);
    // No block is claimed from now on; those the helpers may be checking are finished first.
    page.nextUnclaimed_ = page.blocks_.size();
    std::erase(pages_, &page);
    changed_.wait(lock, [&] {
        return std::find(helpersOn_.begin(), helpersOn_.end(), &page) == helpersOn_.end();
    });
}

} // namespace mbc::net
