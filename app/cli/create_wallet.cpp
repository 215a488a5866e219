#include "cli/create_wallet.h"

#include "wallet/private_key.h"
#include "json/json_value.h"

#include <cstdio>

namespace mbc::cli {

int createWallet(const QStringList& args) {
    bool json = false;
    for (const QString& arg : args) {
        if (arg == "--json") {
            json = true;
        } else {
            std::fprintf(stderr, "minibitcoin-cli create-wallet: unexpected argument '%s'\n",
                         qPrintable(arg));
            return 2;
        }
    }
    const PrivateKey key = PrivateKey::generate();
    const std::string priv = key.hex();
    const std::string pub = key.publicKey().hex();
    const std::string address = key.address().hex();
    if (json) {
        json::Value out;
        out.set("private_key", priv);
        out.set("public_key", pub);
        out.set("address", address);
        std::printf("%s\n", json::write(out, 2).c_str());
        return 0;
    }
    std::printf("New Wallet Created\n\n"
                "%-12s %s\n"
                "%-12s %s\n"
                "%-12s %s\n"
                "%-12s %s\n\n"
                "Security note: save your private key securely! It cannot be recovered.\n",
                "Field", "Value", "Private Key", priv.c_str(), "Public Key", pub.c_str(), "Address",
                address.c_str());
    return 0;
}

} // namespace mbc::cli
