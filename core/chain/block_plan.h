#pragma once

#include "chain/mempool.h"

#include <cstddef>
#include <vector>

namespace mbc {

// Why a mempool tx is not in the next block (mining policy, not consensus).
enum class WaitReason {
    BlockFull,   // the block holds its maximum number of txs (MAX_BLOCK_TXS) of higher rates
    NoRoom,      // too few bytes left in the block for it
    ParentWaits, // it spends an output of a mempool tx that is not in the block
};

// A stable name for the reason: block-full, no-room, parent-waits.
const char* waitReasonCode(WaitReason reason);

struct WaitingTx {
    const MempoolEntry* entry = nullptr;
    WaitReason reason = WaitReason::BlockFull;
    Hash256 parent; // for ParentWaits: a mempool parent that is not in the block
};

// The mempool's part of the next block: highest fee per byte first, parents before children,
// at most `maxTxs` txs and `maxBytes` bytes. Pointers are into the mempool, valid until it
// changes.
struct BlockPlan {
    std::vector<const MempoolEntry*> chosen; // in block order
    std::size_t bytes = 0;                   // of the chosen txs
    std::vector<WaitingTx> waiting;          // the rest, highest fee rate first (if asked for)
};

enum class ListWaiting { No, Yes };

BlockPlan planBlock(const Mempool& mempool, std::size_t maxTxs, std::size_t maxBytes,
                    ListWaiting listWaiting = ListWaiting::No);

} // namespace mbc
