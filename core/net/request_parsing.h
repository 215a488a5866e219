#pragma once

#include "consensus/primitives/block.h"
#include "consensus/primitives/fixed_bytes.h"
#include "net/rest_server.h"
#include "json/json_value.h"

#include <cstdint>
#include <string>

namespace mbc::net {

// Helpers for handlers: each throws ApiError (400) naming what was wrong.

// A 64-hex-digit block hash or txid, either case.
Hash256 hashParam(const QString& text, const char* what);
// A 40-hex-digit address (pubkey hash), either case.
PubKeyHash addressParam(const QString& text);
// An unsigned integer path segment (a height).
std::uint64_t uintParam(const QString& text, const char* what, std::uint64_t max);
// ?key=N with a default, within [0, max].
std::uint64_t queryUInt(const QUrlQuery& query, const QString& key, std::uint64_t defaultValue,
                        std::uint64_t max);
// ?limit=N of a paged route: from 1 to max (a page of none would never end a paging loop).
std::uint64_t queryLimit(const QUrlQuery& query, std::uint64_t defaultValue, std::uint64_t max);
// The request body as JSON (nesting bounded).
json::Value jsonBody(const ApiRequest& request);
// A block from a request's body: binary (application/octet-stream) or JSON; ApiError if not.
Block blockFromBody(const ApiRequest& req);
// A string member of a JSON object body.
std::string stringMember(const json::Value& body, const char* key);

} // namespace mbc::net
