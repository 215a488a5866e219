#include "net/json_views.h"

#include "consensus/serialize/json_codec.h"

#include <cmath>
#include <cstdio>

namespace mbc::net {

json::Value blockWithHeight(const Block& block, std::int64_t height) {
    json::Value v = blockToJson(block);
    v.set("height", height);
    return v;
}

json::Value blockSummary(const BlockRecord& r) {
    json::Value v;
    v.set("height", static_cast<std::int64_t>(r.height));
    v.set("block_hash", r.hash.hex());
    v.set("header", headerToJson(r.header));
    v.set("tx_count", static_cast<std::int64_t>(r.txCount));
    v.set("size", static_cast<std::int64_t>(r.size));
    v.set("chain_work", r.chainWork.toDecimal());
    v.set("status", std::string(blockStatusName(r.status)));
    return v;
}

json::Value decimalNumber(double value, int decimals) {
    if (!std::isfinite(value))
        value = 0;
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return json::Value::numberFromText(text);
}

} // namespace mbc::net
