#pragma once

#include <QString>

namespace mbc::node {

// Creates the data directory if it is missing, readable by its owner only (0700): it holds
// the wallet, the admin token and the log. Its missing parents are made as usual. A directory
// that exists is left as it is. Returns false if it cannot be made.
bool makeDataDir(const QString& path);

} // namespace mbc::node
