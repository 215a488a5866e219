#pragma once

#include "cli/cli_args.h"
#include "wallet/private_key.h"

namespace mbc::cli {

// The key a payment is signed with, from where the user keeps it:
//   --wallet PATH    the app's encrypted wallet.json: the passphrase is asked for without echo
//                    (or read as the first line of stdin when that is not a terminal);
//                    --address ADDRESS picks the key when the wallet holds several
//   --key-file PATH  a file holding the key (64 hex digits, or create-wallet's --json output);
//                    "-" reads it from stdin
//   --from KEY       on the command line, as MiniBitcoinPy took it: every user of the machine
//                    sees it (ps) and the shell keeps it (history), so a warning says so
// Throws CliError saying what is missing or wrong.
PrivateKey spendingKey(const CliArgs& args);

} // namespace mbc::cli
