#include "consensus/pow/network_params.h"

namespace mbc {

NetworkParams mainParams() {
    NetworkParams p;
    p.name = "main";
    p.genesisTarget = UInt256::max() >> 20; // 20 leading zero bits: about a second per block
    p.retarget = true;
    return p;
}

NetworkParams regtestParams() {
    NetworkParams p;
    p.name = "regtest";
    p.genesisTarget = UInt256::max() >> 1; // every other hash meets it
    p.retarget = false;
    return p;
}

std::optional<NetworkParams> paramsForNetwork(std::string_view name) {
    if (name == "main")
        return mainParams();
    if (name == "regtest")
        return regtestParams();
    return std::nullopt;
}

} // namespace mbc
