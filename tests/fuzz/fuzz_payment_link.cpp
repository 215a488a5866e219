// Text from outside the app (a payment link a web page hands it, coins and recovery words a
// user pastes): never crashes, and whatever is accepted is written back to text that reads the
// same.
#include "fuzz_check.h"
#include "wallet/coin_text.h"
#include "wallet/mnemonic.h"
#include "wallet/payment_uri.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mbc::wallet;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto uri = parsePaymentUri(text);
    if (const auto* request = std::get_if<PaymentUri>(&uri)) {
        const std::string written = toUri(*request);
        const auto again = parsePaymentUri(written);
        const auto* reread = std::get_if<PaymentUri>(&again);
        MBC_FUZZ_CHECK(reread && reread->address == request->address &&
                       reread->amount == request->amount && reread->label == request->label &&
                       reread->message == request->message);
        MBC_FUZZ_CHECK(toUri(*reread) == written);
    }
    if (const auto coins = parseCoins(text))
        MBC_FUZZ_CHECK(parseCoins(coinsText(*coins)) == coins);
    const auto words = normalizeMnemonic(text);
    if (const auto* canonical = std::get_if<std::string>(&words)) {
        const auto again = normalizeMnemonic(*canonical);
        MBC_FUZZ_CHECK(std::get_if<std::string>(&again) &&
                       std::get<std::string>(again) == *canonical);
    }
    return 0;
}
