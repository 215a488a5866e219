#pragma once

#include "consensus/primitives/amount.h"
#include "consensus/primitives/uint256.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mbc {

// Everything that differs between networks, in one place (consensus/PROTOCOL.md §4).
struct NetworkParams {
    std::string name;      // "main" or "regtest"; nodes of different networks refuse each other
    UInt256 genesisTarget; // DEFAULT_TARGET may override it
    bool retarget = true;  // false: every block keeps the genesis target
    Amount blockReward = 50 * COIN; // BLOCK_REWARD may override it

    std::uint32_t retargetInterval = 10;    // blocks between target changes
    std::int64_t targetSpacing = 10;        // intended seconds between blocks
    std::int64_t maxFutureBlockTime = 7200; // seconds a timestamp may lead the node's clock
    std::size_t medianTimeSpan = 11;        // blocks in the median time past
};

// main: genesis target 0x00000fff...f, retargeting every 10 blocks.
NetworkParams mainParams();
// regtest: genesis target 0x7fff...f, no retargeting; for tests and demos.
NetworkParams regtestParams();
// "main" or "regtest"; nullopt for any other name.
std::optional<NetworkParams> paramsForNetwork(std::string_view name);

} // namespace mbc
