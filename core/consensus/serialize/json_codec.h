#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "json/json_value.h"

#include <string_view>

namespace mbc {

// consensus/PROTOCOL.md §6 shapes. Output uses the exact field names; hex is lowercase; the target
// is "0x" + hex without leading zeros.
json::Value txToJson(const Transaction& tx); // includes "txid"
json::Value headerToJson(const BlockHeader& header);
json::Value blockToJson(const Block& block); // {"block_hash", "header", "transactions"}

// Input is strict: a missing field, a wrong type, wrong-length or non-hex strings, numbers
// out of range (negative, > 2^32 - 1 for uint32, > MAX_MONEY for amounts) or written with a
// fraction or exponent all fail with bad-field and a message that starts with the field's path
// (e.g. "transactions[1].inputs[0].prev_txid: ..."). Unknown fields are ignored. A "txid" or
// "block_hash" that is present must match the contents.
Result<Transaction> txFromJson(const json::Value& value);
Result<BlockHeader> headerFromJson(const json::Value& value);
Result<Block> blockFromJson(const json::Value& value);

// Parses JSON text; bad-json on a syntax error or nesting beyond the limit.
Result<json::Value> parseJson(std::string_view text, json::ParseLimits limits = {});

} // namespace mbc
