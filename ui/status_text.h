#pragma once

#include "node/node_status.h"

#include <QString>

namespace mbc::ui {

// How the status bar and the Overview say the sync and mining states (translated).
QString syncText(const node::NodeStatus& s);
QString miningText(const node::NodeStatus& s);
// What is wrong with the database and that the node retries; empty while it works.
QString storeText(const node::NodeStatus& s);
// "1.23 MH/s" and the like.
QString hashRateText(double hashesPerSecond);

} // namespace mbc::ui
