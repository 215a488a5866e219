// The JSON parser: never crashes, bounds its nesting, and what it accepts it writes back to
// text that parses to the same value.
#include "fuzz_check.h"
#include "json/json_value.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = mbc::json::parse(text);
    if (const auto* value = std::get_if<mbc::json::Value>(&parsed)) {
        const std::string written = mbc::json::write(*value);
        const auto again = mbc::json::parse(written);
        const auto* reparsed = std::get_if<mbc::json::Value>(&again);
        MBC_FUZZ_CHECK(reparsed && *reparsed == *value);
        MBC_FUZZ_CHECK(mbc::json::write(*reparsed) == written);
    }
    return 0;
}
