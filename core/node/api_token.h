#pragma once

#include <QString>

namespace mbc::node {

// The token that admin routes (mining, peers, sync) require from non-loopback clients, as
// "Authorization: Bearer <token>". Read from <dataDir>/api_token, or created there on first
// start (owner read/write only). Throws std::runtime_error naming the file on failure.
QString loadOrCreateApiToken(const QString& dataDir);

// The file it lives in (minibitcoin-cli reads it from there).
QString apiTokenPath(const QString& dataDir);

} // namespace mbc::node
