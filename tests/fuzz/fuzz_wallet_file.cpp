// A wallet file someone hands the user (a backup, an edited wallet.json): reading it never
// crashes and never takes long, and what it accepts it writes back to a file that reads the
// same (keys, their paths, the book).
#include "fuzz_check.h"
#include "wallet/keystore.h"
#include "wallet/wallet_book.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mbc;
    using namespace mbc::wallet;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto loaded = Keystore::fromJson(text);
    if (const auto* keystore = std::get_if<Keystore>(&loaded)) {
        const auto again = Keystore::fromJson(keystore->toJson());
        const auto* reread = std::get_if<Keystore>(&again);
        MBC_FUZZ_CHECK(reread && reread->keys().size() == keystore->keys().size() &&
                       reread->hierarchical() == keystore->hierarchical());
        for (std::size_t i = 0; reread && i < reread->keys().size(); ++i)
            MBC_FUZZ_CHECK(reread->keys()[i].address == keystore->keys()[i].address &&
                           reread->keys()[i].path == keystore->keys()[i].path);
        // Unlocking runs scrypt at the file's own cost: capped (acceptableCost), but too slow
        // for a fuzzer; the seal is tested with the keystore's tests.
    }
    const auto parsed = json::parse(text);
    if (const auto* document = std::get_if<json::Value>(&parsed)) {
        const auto book = WalletBook::fromJson(document->find("book"));
        if (const auto* b = std::get_if<WalletBook>(&book)) {
            const json::Value written = b->toJson();
            const auto again = WalletBook::fromJson(&written);
            const auto* reread = std::get_if<WalletBook>(&again);
            MBC_FUZZ_CHECK(reread && reread->toJson() == written);
        }
    }
    return 0;
}
