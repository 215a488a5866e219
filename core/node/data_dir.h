#pragma once

#include "node/node_config.h"

#include <QDateTime>
#include <QString>

namespace mbc::node {

// Creates the data directory if it is missing, readable by its owner only (0700): it holds
// the wallet, the admin token and the log. Its missing parents are made as usual. A directory
// that exists is left as it is. Returns false if it cannot be made.
bool makeDataDir(const QString& path);

// Moves a damaged SQLite store (`path`, with its -wal and -shm files) aside within its folder,
// as `<path>.damaged-<UTC time>`: the node then starts on a new store and syncs the chain
// again, and what was there stays, for recovery. Returns the new name, or (error) why not.
struct StoreSetAside {
    QString movedTo;
    QString error;
};
StoreSetAside setStoreAside(const QString& path, const QDateTime& now);

// The log file in the node's data directory; empty (stderr only) when the directory is not its
// user's alone: the node will not start there (NodeServices says why), and writes nothing to it.
QString logFileIn(const NodeConfig& config);

} // namespace mbc::node
