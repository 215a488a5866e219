// The block page decoder (GET /blocks/after, what sync downloads): never crashes, and a page it
// accepts encodes back to the same bytes.
#include "fuzz_check.h"
#include "net/block_page.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto page = mbc::net::decodeBlockPage(mbc::ByteSpan(data, size));
    if (page)
        MBC_FUZZ_CHECK(mbc::net::encodeBlockPage(*page) == mbc::Bytes(data, data + size));
    return 0;
}
