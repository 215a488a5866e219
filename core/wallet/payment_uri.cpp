#include "wallet/payment_uri.h"

#include "consensus/primitives/bytes.h"
#include "wallet/coin_text.h"

#include <cctype>
#include <set>

namespace mbc::wallet {
namespace {

// RFC 3986's unreserved characters stay; every other byte becomes %XX.
std::string percentEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return std::nullopt;
        const int hi = hexDigitValue(text[i + 1]), lo = hexDigitValue(text[i + 2]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out += char(hi * 16 + lo);
        i += 2;
    }
    return out;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
            return false;
    return true;
}

} // namespace

std::string toUri(const PaymentUri& request) {
    std::string uri = std::string(kUriScheme) + ":" + request.address.hex();
    char separator = '?';
    const auto add = [&](std::string_view key, const std::string& value) {
        uri += separator;
        uri += key;
        uri += '=';
        uri += value;
        separator = '&';
    };
    if (request.amount)
        add("amount", shortCoinsText(*request.amount));
    if (!request.label.empty())
        add("label", percentEncode(request.label));
    if (!request.message.empty())
        add("message", percentEncode(request.message));
    return uri;
}

std::variant<PaymentUri, std::string> parsePaymentUri(std::string_view text) {
    const std::string scheme = std::string(kUriScheme) + ":";
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    if (!startsWithNoCase(text, scheme))
        return "a payment request starts with \"" + scheme + "\"";
    text.remove_prefix(scheme.size());
    if (text.substr(0, 2) == "//") // some apps write scheme://address
        text.remove_prefix(2);
    const auto query = text.find('?');
    const std::string_view addressText = text.substr(0, query);
    PaymentUri out;
    std::string lowered(addressText);
    for (char& c : lowered)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const auto address = PubKeyHash::fromHex(lowered);
    if (!address)
        return "the address in a payment request is 40 hex digits";
    out.address = *address;
    std::set<std::string> seen;
    std::string_view rest = query == std::string_view::npos ? "" : text.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? "" : rest.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        const std::string key(pair.substr(0, eq));
        const auto value = percentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (!value)
            return "the request's \"" + key + "\" is not percent-encoded text";
        if (!seen.insert(key).second)
            return "the request names \"" + key + "\" twice";
        if (key == "amount") {
            out.amount = parseCoins(*value);
            if (!out.amount || *out.amount == 0)
                return "the request's amount, \"" + *value +
                       "\", is not a number of coins above zero with at most 8 decimals";
        } else if (key == "label") {
            out.label = *value;
        } else if (key == "message") {
            out.message = *value;
        } else if (key.rfind("req-", 0) == 0) {
            return "the request requires \"" + key + "\", which this MiniBitcoin does not know";
        }
    }
    return out;
}

} // namespace mbc::wallet
