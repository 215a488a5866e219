// The JSON forms of transactions, headers and blocks (consensus/PROTOCOL.md §6), as POST /tx and
// POST /block read them: never crash, and what they accept goes back to JSON that reads as
// the same thing.
#include "consensus/serialize/json_codec.h"
#include "fuzz_check.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto value = mbc::parseJson(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!value)
        return 0;
    if (const auto tx = mbc::txFromJson(*value)) {
        const auto again = mbc::txFromJson(mbc::txToJson(*tx));
        MBC_FUZZ_CHECK(again && *again == *tx);
    }
    if (const auto header = mbc::headerFromJson(*value)) {
        const auto again = mbc::headerFromJson(mbc::headerToJson(*header));
        MBC_FUZZ_CHECK(again && *again == *header);
    }
    if (const auto block = mbc::blockFromJson(*value)) {
        const auto again = mbc::blockFromJson(mbc::blockToJson(*block));
        MBC_FUZZ_CHECK(again && *again == *block);
    }
    return 0;
}
