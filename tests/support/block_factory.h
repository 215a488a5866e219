#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace mbc::test {

// Builds mined blocks on any parent it built before (side chains, competing genesis blocks),
// for a network without retargeting (regtest). Remembers each block's height and timestamp.
class BlockFactory {
public:
    explicit BlockFactory(NetworkParams params = regtestParams())
        : params_(std::move(params)) {}

    // A genesis block paying the reward to `payee`; `salt` makes otherwise equal ones differ.
    Block genesis(const PubKeyHash& payee, std::uint32_t timestamp = 1'700'000'000,
                  std::uint32_t salt = 0);
    // A child of `parent` (built by this factory): coinbase to `payee` for reward + `fees`,
    // then `txs`; 10 s after the parent; `salt` varies the coinbase (and so the hash).
    Block child(const Block& parent, const PubKeyHash& payee,
                const std::vector<Transaction>& txs = {}, Amount fees = 0, std::uint32_t salt = 0);
    // `count` empty blocks on top of `parent`; returns them in order.
    std::vector<Block> chain(const Block& parent, std::size_t count, const PubKeyHash& payee,
                             std::uint32_t salt = 0);

    std::uint32_t heightOf(const Block& block) const;
    const NetworkParams& params() const { return params_; }

private:
    Block seal(Block block, std::uint32_t height);

    NetworkParams params_;
    std::map<Hash256, std::uint32_t> heights_;
};

} // namespace mbc::test
