#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace mbc::net {

// What GET /blocks/after answers (application/octet-stream), so that sync moves blocks in
// their binary form, a page at a time:
//   i64 fork_height   height of the newest locator hash on the server's active chain (-1: none)
//   i64 tip_height    the server's active tip (-1: empty chain)
//   varint count      blocks that follow: the active chain from fork_height + 1, in order
//   count x (varint length, block bytes as in consensus/PROTOCOL.md §3 "Full binary form")
// Block bytes a page holds at most (a block is never split, so the last one may pass it).
inline constexpr std::size_t kBlockPageBytes = 4'000'000;

struct BlockPage {
    std::int64_t forkHeight = -1;
    std::int64_t tipHeight = -1;
    std::vector<Bytes> blocks; // encoded; decoded (and validated) by the receiver
};

Bytes encodeBlockPage(const BlockPage& page);
// Refuses truncated input, trailing bytes and counts beyond the input's size.
Result<BlockPage> decodeBlockPage(ByteSpan bytes);

// A page with its blocks decoded, as sync connects them.
struct DecodedBlockPage {
    std::vector<Block> blocks;
    bool morePages = false;      // the sender's tip lies past the page's last block
    std::int64_t tipHeight = -1; // the height the sender says its tip is at (a claim)
};
// Why a page could not be decoded: its framing, or the block at `blockIndex`.
struct BlockPageFailure {
    std::optional<std::size_t> blockIndex;
    Failure failure;
};
std::variant<DecodedBlockPage, BlockPageFailure> decodeBlockPageBlocks(ByteSpan bytes);

} // namespace mbc::net
