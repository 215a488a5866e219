#include "consensus/rules/block_rules.h"

#include "consensus/crypto/merkle.h"
#include "consensus/rules/transaction_rules.h"
#include "consensus/serialize/block_serialize.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mbc {

Status checkBlockSize(const Block& block) {
    const std::size_t size = encodedBlockSize(block);
    if (size > MAX_BLOCK_SIZE)
        return fail(RejectCode::BlockOversize, "block of " + std::to_string(size) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(MAX_BLOCK_SIZE));
    return {};
}

Status checkCoinbasePlacement(const Block& block) {
    if (block.transactions.empty() || !block.transactions[0].isCoinbase())
        return fail(RejectCode::BlockCoinbaseMissing,
                    "the first transaction of a block must be its coinbase");
    for (std::size_t i = 1; i < block.transactions.size(); ++i)
        if (block.transactions[i].isCoinbase())
            return fail(RejectCode::BlockCoinbaseMultiple,
                        "transaction " + std::to_string(i) + " is a second coinbase");
    return {};
}

Status checkCoinbaseForm(const Transaction& coinbase) {
    const TxIn& in = coinbase.inputs.at(0);
    if (!in.signature.empty() || !in.pubkey.empty())
        return fail(RejectCode::BlockCoinbaseMalformed,
                    "the coinbase input must have an empty signature and pubkey");
    return {};
}

Status checkMerkleRoot(const Block& block, std::span<const Hash256> txids) {
    const Hash256 root = merkleRoot(txids);
    if (root != block.header.merkleRoot)
        return fail(RejectCode::BlockBadMerkleRoot, "header merkle_root " +
                                                        block.header.merkleRoot.hex() +
                                                        " but the transactions give " + root.hex());
    return {};
}

Status checkNoDuplicateTxids(std::span<const Hash256> txids) {
    std::vector<Hash256> sorted(txids.begin(), txids.end());
    std::sort(sorted.begin(), sorted.end());
    const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
    if (dup != sorted.end())
        return fail(RejectCode::BlockDuplicateTx,
                    "transaction " + dup->hex() + " appears twice in the block");
    return {};
}

Status checkBlockStructure(const Block& block, std::span<const Hash256> txids) {
    if (Status s = checkBlockSize(block); !s)
        return s;
    if (Status s = checkCoinbasePlacement(block); !s)
        return s;
    if (Status s = checkCoinbaseForm(block.transactions[0]); !s)
        return s;
    if (Status s = checkMerkleRoot(block, txids); !s)
        return s;
    if (Status s = checkNoDuplicateTxids(txids); !s)
        return s;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        Status s = checkTransactionStructure(tx);
        if (s && i > 0)
            s = checkNoNullPrevouts(tx);
        if (!s)
            return fail(s.failure().code, "transaction " + std::to_string(i) + " (" +
                                              txids[i].hex() + "): " + s.failure().message);
    }
    return {};
}

} // namespace mbc
