#include "net/page_signature_check.h"

#include "chain/signature_precheck.h"

namespace mbc::net {

PageSignatureCheck::PageSignatureCheck(std::span<const Block> blocks, SignatureCache& cache)
    : blocks_(blocks)
    , cache_(cache)
    , checked_(std::make_unique<std::atomic<bool>[]>(blocks.size())) {
    for (std::size_t i = 0; i < blocks.size(); ++i)
        checked_[i] = false;
    helper_ = std::thread([this] { helperLoop(); });
}

PageSignatureCheck::~PageSignatureCheck() {
    stop_ = true;
    helper_.join();
}

bool PageSignatureCheck::checkNextUnclaimed() {
    const std::size_t index = nextUnclaimed_.fetch_add(1);
    if (index >= blocks_.size())
        return false;
    precheckBlockSignatures(blocks_[index], cache_);
    {
        const std::lock_guard lock(mutex_);
        checked_[index] = true;
    }
    blockChecked_.notify_all();
    return true;
}

void PageSignatureCheck::helperLoop() {
    while (!stop_ && checkNextUnclaimed()) {
    }
}

void PageSignatureCheck::waitFor(std::size_t index) {
    while (!checked_[index]) {
        if (checkNextUnclaimed())
            continue;
        // Every block is claimed: the helper is checking this one right now.
        std::unique_lock lock(mutex_);
        blockChecked_.wait(lock, [&] { return checked_[index].load(); });
    }
}

} // namespace mbc::net
