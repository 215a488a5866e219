// wallet sign-message / verify-message (the format: core/wallet/message_signature.h).
#include "cli/cli_output.h"
#include "cli/wallet_commands.h"
#include "wallet/message_signature.h"

#include <cstdio>

namespace mbc::cli {

void signWithAddress(WalletContext& c) {
    wallet::Keystore keystore = unlockWallet(c);
    const PubKeyHash address = chosenAddress(c, keystore);
    auto key = keystore.privateKey(address);
    keystore.lock();
    if (const auto* e = std::get_if<wallet::KeystoreError>(&key))
        throw CliError(QString::fromStdString(e->message));
    const std::string message = c.args.positional[0].toStdString();
    const std::string signature = wallet::signMessage(std::get<PrivateKey>(key), message);
    if (c.json) {
        json::Value v;
        v.set("address", address.hex());
        v.set("message", message);
        v.set("signature", signature);
        return printJson(v);
    }
    std::printf("%s\n", signature.c_str());
}

void verifySignedMessage(WalletContext& c) {
    const QString& addressText = c.args.positional[0];
    const auto address = PubKeyHash::fromHex(addressText.trimmed().toLower().toStdString());
    if (!address)
        throw CliError("'" + addressText + "' is not an address (40 hex digits)");
    const wallet::MessageCheck check = wallet::verifyMessage(
        *address, c.args.positional[2].toStdString(), c.args.positional[1].trimmed().toStdString());
    if (c.json) {
        json::Value v;
        v.set("address", address->hex());
        v.set("valid", check == wallet::MessageCheck::Valid);
        printJson(v);
    }
    switch (check) {
    case wallet::MessageCheck::Valid:
        if (!c.json)
            std::printf("Valid: %s's key signed this message.\n", address->hex().c_str());
        return;
    case wallet::MessageCheck::Malformed:
        throw CliError("the signature is malformed: it should be 88 characters of base64, as "
                       "sign-message prints");
    case wallet::MessageCheck::WrongSigner:
        break;
    }
    throw CliError("not valid: this message was not signed by " +
                   QString::fromStdString(address->hex()) +
                   "'s key (or the message differs from the one signed)");
}

} // namespace mbc::cli
