#include "net/block_page.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/byte_reader.h"
#include "consensus/serialize/byte_writer.h"

namespace mbc::net {

Bytes encodeBlockPage(const BlockPage& page) {
    Bytes out;
    ByteWriter w(out);
    w.i64(page.forkHeight);
    w.i64(page.tipHeight);
    w.varint(page.blocks.size());
    for (const Bytes& b : page.blocks)
        w.lengthPrefixed(b);
    return out;
}

Result<BlockPage> decodeBlockPage(ByteSpan bytes) {
    ByteReader r(bytes);
    BlockPage page;
    page.forkHeight = r.i64("fork_height");
    page.tipHeight = r.i64("tip_height");
    const std::size_t count = r.count(1, "block count");
    for (std::size_t i = 0; i < count && !r.failed(); ++i)
        page.blocks.push_back(r.lengthPrefixed("block"));
    r.expectEnd("block page");
    if (r.failed())
        return r.failure();
    // Heights are 32-bit in the chain; the bound also keeps the sum below from overflowing.
    constexpr std::int64_t kMaxHeight = 0xFFFFFFFF;
    if (page.forkHeight < -1 || page.tipHeight < -1 || page.tipHeight > kMaxHeight ||
        page.forkHeight > page.tipHeight ||
        page.forkHeight + static_cast<std::int64_t>(page.blocks.size()) > page.tipHeight)
        return fail(RejectCode::BadField,
                    "block page: fork height " + std::to_string(page.forkHeight) + ", tip height " +
                        std::to_string(page.tipHeight) + " and " +
                        std::to_string(page.blocks.size()) + " blocks do not fit together");
    return page;
}

std::variant<DecodedBlockPage, BlockPageFailure> decodeBlockPageBlocks(ByteSpan bytes) {
    const auto page = decodeBlockPage(bytes);
    if (!page)
        return BlockPageFailure{std::nullopt, page.failure()};
    DecodedBlockPage decoded;
    decoded.blocks.reserve(page->blocks.size());
    for (std::size_t i = 0; i < page->blocks.size(); ++i) {
        auto block = decodeBlock(page->blocks[i]);
        if (!block)
            return BlockPageFailure{i, block.failure()};
        decoded.blocks.push_back(std::move(block).value());
    }
    decoded.tipHeight = page->tipHeight;
    decoded.morePages = !page->blocks.empty() &&
                        page->forkHeight + std::int64_t(page->blocks.size()) < page->tipHeight;
    return decoded;
}

} // namespace mbc::net
