#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/fixed_bytes.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>

// Payment requests as links and QR codes, in BIP21's form with MiniBitcoin's scheme:
//   minibitcoin:<address>?amount=<coins>&label=<text>&message=<text>
// The amount is in coins ("12.5"); label and message are percent-encoded UTF-8. A parameter
// starting "req-" that this version does not know makes the whole request refused (BIP21's
// rule: the payer must not pay without understanding it); other unknown ones are ignored.
namespace mbc::wallet {

inline constexpr std::string_view kUriScheme = "minibitcoin";

struct PaymentUri {
    PubKeyHash address;
    std::optional<Amount> amount;
    std::string label;
    std::string message;
};

std::string toUri(const PaymentUri& request);

// The request, or why the text is not one (in English, naming the part that is wrong).
std::variant<PaymentUri, std::string> parsePaymentUri(std::string_view text);

} // namespace mbc::wallet
