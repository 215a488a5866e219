#pragma once

#include "store/database.h"
#include "support/forwarding_chain_store.h"

#include <string>
#include <vector>

namespace mbc::test {

// The node's SQL store, whose answers of the chain's state (the tip, the best candidate, the
// active block at a height) come from its cache, checked on every call against what the
// database itself holds on the same connection, uncommitted writes included. Each answer that
// differs is kept in `mismatches` for the test to report.
class CacheCheckingStore final : public ForwardingChainStore {
public:
    CacheCheckingStore(std::unique_ptr<ChainStore> cached, store::Database& db,
                       std::vector<std::string>& mismatches)
        : ForwardingChainStore(std::move(cached))
        , db_(db)
        , mismatches_(mismatches) {}

    ChainTip tip() override;
    std::optional<Hash256> activeHashAt(std::uint32_t height) override;
    std::optional<Hash256> bestCandidate() override;

private:
    void mismatch(const std::string& what, const std::string& cached, const std::string& held);

    store::Database& db_;
    std::vector<std::string>& mismatches_;
};

} // namespace mbc::test
