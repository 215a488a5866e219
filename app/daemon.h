#pragma once

#include "node/node_config.h"

namespace mbc::app {

// Runs a headless node until SIGINT/SIGTERM: opens the store, serves the REST API, mines on
// request. Needs a QCoreApplication. Returns the process exit code (1 with one line on stderr
// if the node cannot start: unreachable database, port in use, unwritable data dir, ...).
int runDaemon(const node::NodeConfig& config);

} // namespace mbc::app
