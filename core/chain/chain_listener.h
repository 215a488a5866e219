#pragma once

#include "chain/block_record.h"
#include "consensus/rules/block_validation.h"

#include <vector>

namespace mbc {

// Told about every change of the active chain, in order, on the chain's thread.
class ChainListener {
public:
    virtual ~ChainListener() = default;
    virtual void blockConnected(const Block& block, const BlockRecord& record,
                                const BlockUtxoChanges& changes) = 0;
    virtual void blockDisconnected(const Block& block, const BlockRecord& record) = 0;
    // After every change of the active chain has been made (a whole reorg, or one block), and
    // when an activation that took several calls ends even if the tip stayed. `returnedTxs` are
    // the non-coinbase txs of disconnected blocks, oldest first, that the new chain did not
    // confirm again.
    virtual void tipChanged(const ChainTip& tip, const std::vector<Transaction>& returnedTxs) = 0;
};

} // namespace mbc
