#pragma once

#include "chain/block_record.h"
#include "json/json_value.h"

namespace mbc::net {

// consensus/PROTOCOL.md §6 block JSON plus "height" (GET /block/{hash}, GET /chain).
json::Value blockWithHeight(const Block& block, std::int64_t height);
// A block's header and facts without its transactions (paged lists, headers for sync).
json::Value blockSummary(const BlockRecord& record);
// A JSON number with `decimals` digits after the point (0: a whole number).
json::Value decimalNumber(double value, int decimals);

} // namespace mbc::net
