#pragma once

#include "consensus/primitives/fixed_bytes.h"

#include <QMetaType>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace mbc::node {

// A block this node mined and connected.
struct MinedBlock {
    Hash256 hash;
    std::uint32_t height = 0;
    std::uint32_t nonce = 0;
    double elapsedSeconds = 0;
    std::size_t transactions = 0;
};

// Why a one-block request ended without a block.
enum class MiningStop {
    Stopped,          // the user stopped mining
    StoppedByApi,     // POST /mining/stop
    ShuttingDown,     // the node is shutting down
    StoreFailed,      // the store failed while the node took a mined block
    StoreUnavailable, // the store is in trouble (away, full): mining waits for it
};
// In English, for the REST API and logs.
QString miningStopMessage(MiningStop why);

} // namespace mbc::node

Q_DECLARE_METATYPE(mbc::node::MinedBlock)
