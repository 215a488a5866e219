#pragma once

#include "wallet/keystore.h"
#include "wallet/mnemonic.h"

#include <QString>

namespace mbc::ui {

// The wallet's refusals in the app's language (core/wallet speaks English).
QString keystoreMessage(const wallet::KeystoreError& e);
QString mnemonicMessage(const wallet::MnemonicError& e);

} // namespace mbc::ui
