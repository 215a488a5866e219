// The binary block and header decoders: never crash; a block they accept encodes back to the
// same bytes, its header to the first 108 of them.
#include "consensus/serialize/block_serialize.h"
#include "fuzz_check.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const mbc::ByteSpan bytes(data, size);
    const auto block = mbc::decodeBlock(bytes);
    if (block) {
        MBC_FUZZ_CHECK(mbc::encodeBlock(*block) == mbc::Bytes(data, data + size));
        MBC_FUZZ_CHECK(mbc::encodedBlockSize(*block) == size);
        (void)mbc::computeTxids(*block);
    }
    const auto header = mbc::decodeHeader(bytes.first(std::min(size, mbc::HEADER_SIZE)));
    if (header) {
        const auto again = mbc::headerBytes(*header);
        MBC_FUZZ_CHECK(std::equal(again.begin(), again.end(), data));
        if (block)
            MBC_FUZZ_CHECK(*header == block->header);
    }
    return 0;
}
