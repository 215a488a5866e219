#include "chain/block_record.h"

namespace mbc {

std::string_view blockStatusName(BlockStatus status) {
    switch (status) {
    case BlockStatus::Stored:
        return "stored";
    case BlockStatus::Valid:
        return "valid";
    case BlockStatus::Invalid:
        return "invalid";
    case BlockStatus::InvalidParent:
        return "invalid-parent";
    }
    return "unknown";
}

std::optional<BlockStatus> parseBlockStatus(std::string_view name) {
    for (auto s : {BlockStatus::Stored, BlockStatus::Valid, BlockStatus::Invalid,
                   BlockStatus::InvalidParent})
        if (blockStatusName(s) == name)
            return s;
    return std::nullopt;
}

} // namespace mbc
