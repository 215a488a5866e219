#pragma once

#include "consensus/pow/network_params.h"
#include "store/database.h"

namespace mbc::store {

// A store belongs to one network: the name, genesis target and block reward it was created
// with are recorded on first use. Opening it with different settings throws StoreError
// naming both, so a node never mixes chains.
void checkStoreIdentity(Database& db, const NetworkParams& params);

} // namespace mbc::store
