#include "support/cache_checking_store.h"

#include "store/sql_chain_store.h"

namespace mbc::test {
namespace {

std::string describe(const std::optional<Hash256>& hash) {
    return hash ? hash->hex() : std::string("none");
}

std::string describe(const ChainTip& t) {
    return describe(t.hash) + " at " + std::to_string(t.height) + ", work " +
           t.chainWork.toHexQuantity() + ", " + std::to_string(t.utxoCount) + " utxos";
}

} // namespace

// A store made afresh for each question has nothing cached: it reads the tables.
ChainTip CacheCheckingStore::tip() {
    const ChainTip cached = real_->tip();
    const ChainTip held = store::SqlChainStore(db_).tip();
    if (cached != held)
        mismatch("tip", describe(cached), describe(held));
    return cached;
}

std::optional<Hash256> CacheCheckingStore::activeHashAt(std::uint32_t height) {
    const std::optional<Hash256> cached = real_->activeHashAt(height);
    const std::optional<Hash256> held = store::SqlChainStore(db_).activeHashAt(height);
    if (cached != held)
        mismatch("active block at " + std::to_string(height), describe(cached), describe(held));
    return cached;
}

std::optional<Hash256> CacheCheckingStore::bestCandidate() {
    const std::optional<Hash256> cached = real_->bestCandidate();
    const std::optional<Hash256> held = store::SqlChainStore(db_).bestCandidate();
    if (cached != held)
        mismatch("best candidate", describe(cached), describe(held));
    return cached;
}

void CacheCheckingStore::mismatch(const std::string& what, const std::string& cached,
                                  const std::string& held) {
    mismatches_.push_back(what + ": the store answered " + cached + ", its tables hold " + held);
}

} // namespace mbc::test
