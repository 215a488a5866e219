#pragma once

#include <QString>

namespace mbc::node {

// The token that admin routes (mining, peers, sync) require from non-loopback clients, as
// "Authorization: Bearer <token>". Read from <dataDir>/api_token, or created there on first
// start (owner read/write only). Throws std::runtime_error naming the file on failure, and
// NotPrivate (private_paths.h) if the file is a link, another user's, or readable by others in
// a way that cannot be narrowed.
QString loadOrCreateApiToken(const QString& dataDir);

// The token in <dataDir>/api_token (empty if there is none), checked as above, without
// creating one. A refusal's message ends with `remedy` (what the reader can do about it).
QString readApiToken(const QString& dataDir, const QString& remedy);

// Refuses, as loadOrCreateApiToken would, a token file that is not the user's alone, without
// writing one (before the data directory is locked). Throws as above.
void checkApiTokenFile(const QString& dataDir);

// The file it lives in.
QString apiTokenPath(const QString& dataDir);

} // namespace mbc::node
