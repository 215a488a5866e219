#include "chain/stored_tip_check.h"

namespace mbc {

std::optional<std::string> storedTipDisagreement(ChainStore& store) {
    const ChainTip tip = store.tip();
    if (!tip.hash) {
        if (tip.height != -1 || store.activeHashAt(0))
            return "the tip row names no block, but the active chain has blocks";
        return std::nullopt;
    }
    const std::string named =
        "the tip row names block " + tip.hash->hex() + " at height " + std::to_string(tip.height);
    if (tip.height < 0 || tip.height > std::int64_t(UINT32_MAX) - 1)
        return named + ", a height no chain has";
    const std::optional<BlockRecord> record = store.blockRecord(*tip.hash);
    if (!record)
        return named + ", which is not stored";
    if (record->status != BlockStatus::Valid)
        return named + ", which is not recorded as valid";
    if (std::int64_t(record->height) != tip.height || record->chainWork != tip.chainWork)
        return named + ", whose record gives another height or chain work";
    if (store.activeHashAt(std::uint32_t(tip.height)) != tip.hash ||
        store.activeHashAt(std::uint32_t(tip.height) + 1))
        return named + ", where the active chain does not end";
    return std::nullopt;
}

} // namespace mbc
