#include "net/request_parsing.h"

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"

namespace mbc::net {
namespace {

QString quoted(const QString& text) {
    return "'" + (text.size() > 80 ? text.left(80) + "..." : text) + "'";
}

} // namespace

Hash256 hashParam(const QString& text, const char* what) {
    if (auto h = Hash256::fromHex(text.toStdString()))
        return *h;
    throw ApiError::badRequest(QStringLiteral("bad-%1").arg(what),
                               quoted(text) + " is not a " + what + " (64 hexadecimal characters)");
}

PubKeyHash addressParam(const QString& text) {
    if (auto a = PubKeyHash::fromHex(text.toStdString()))
        return *a;
    throw ApiError::badRequest("bad-address",
                               quoted(text) + " is not an address (40 hexadecimal characters)");
}

std::uint64_t uintParam(const QString& text, const char* what, std::uint64_t max) {
    bool ok = false;
    const qulonglong v = text.toULongLong(&ok);
    if (!ok || v > max || text.startsWith('+'))
        throw ApiError::badRequest(QStringLiteral("bad-%1").arg(what),
                                   quoted(text) +
                                       QStringLiteral(" is not a %1 (0-%2)").arg(what).arg(max));
    return v;
}

std::uint64_t queryUInt(const QUrlQuery& query, const QString& key, std::uint64_t defaultValue,
                        std::uint64_t max) {
    if (!query.hasQueryItem(key))
        return defaultValue;
    const QString text = query.queryItemValue(key);
    bool ok = false;
    const qulonglong v = text.toULongLong(&ok);
    if (!ok || v > max)
        throw ApiError::badRequest("bad-query", QStringLiteral("%1=%2 is not a whole number "
                                                               "from 0 to %3")
                                                    .arg(key, quoted(text))
                                                    .arg(max));
    return v;
}

std::uint64_t queryLimit(const QUrlQuery& query, std::uint64_t defaultValue, std::uint64_t max) {
    const std::uint64_t limit = queryUInt(query, "limit", defaultValue, max);
    if (limit == 0)
        throw ApiError::badRequest("bad-query", QStringLiteral("limit=0: a page holds from 1 to "
                                                               "%1 items")
                                                    .arg(max));
    return limit;
}

json::Value jsonBody(const ApiRequest& request) {
    auto parsed = parseJson(
        std::string_view(request.body.constData(), static_cast<std::size_t>(request.body.size())));
    if (!parsed)
        throw ApiError::fromFailure(parsed.failure());
    return std::move(parsed).value();
}

std::string stringMember(const json::Value& body, const char* key) {
    const json::Value* v = body.find(key);
    if (!body.isObject())
        throw ApiError::badRequest("bad-field", "the body must be a JSON object");
    if (!v)
        throw ApiError::badRequest("bad-field", QStringLiteral("%1: missing").arg(key));
    if (!v->isString())
        throw ApiError::badRequest("bad-field", QStringLiteral("%1: expected a string").arg(key));
    return v->asString();
}

Block blockFromBody(const ApiRequest& req) {
    if (req.contentType.startsWith("application/octet-stream")) {
        auto decoded = decodeBlock(ByteSpan(reinterpret_cast<const std::uint8_t*>(req.body.data()),
                                            static_cast<std::size_t>(req.body.size())));
        if (!decoded)
            throw ApiError::fromFailure(decoded.failure());
        return std::move(decoded).value();
    }
    auto block = blockFromJson(jsonBody(req));
    if (!block)
        throw ApiError::fromFailure(block.failure());
    return std::move(block).value();
}

} // namespace mbc::net
