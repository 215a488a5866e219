#pragma once

#include "node/node_config.h"
#include "support/test_database.h"

namespace mbc::test {

// A node of `network` on `db`, mining on one thread: what in-process node tests start from.
inline node::NodeConfig nodeConfigFor(const TestDatabase& db, const QString& network = "regtest") {
    node::NodeConfig c;
    c.network = network;
    c.dataDir = db.directory();
    c.databaseUrl = db.databaseUrl();
    c.miningThreads = 1;
    return c;
}

} // namespace mbc::test
