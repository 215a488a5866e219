#pragma once

#include <QStringList>

namespace mbc::cli {

// `create-wallet [--json]`: a fresh key pair from the OS random generator. Returns the exit code.
int createWallet(const QStringList& args);

} // namespace mbc::cli
