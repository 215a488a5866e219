#include "consensus/rules/block_rules.h"

#include "consensus/crypto/merkle.h"
#include "consensus/rules/transaction_rules.h"
#include "consensus/serialize/block_serialize.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mbc {
namespace {

std::int64_t countOf(std::size_t n) {
    return static_cast<std::int64_t>(n);
}

} // namespace

Status checkBlockSize(const Block& block, RuleTrace* trace) {
    const std::size_t size = encodedBlockSize(block);
    Status s;
    if (size > MAX_BLOCK_SIZE)
        s = fail(RejectCode::BlockOversize, "block of " + std::to_string(size) +
                                                " bytes exceeds the limit of " +
                                                std::to_string(MAX_BLOCK_SIZE));
    return traced(trace, RuleId::BlockSize, s, [&] {
        return RuleFacts{RuleFact::countOf("size", countOf(size)),
                         RuleFact::countOf("limit", countOf(MAX_BLOCK_SIZE))};
    });
}

Status checkCoinbasePlacement(const Block& block, RuleTrace* trace) {
    Status s;
    if (block.transactions.empty() || !block.transactions[0].isCoinbase())
        s = fail(RejectCode::BlockCoinbaseMissing,
                 "the first transaction of a block must be its coinbase");
    for (std::size_t i = 1; s && i < block.transactions.size(); ++i)
        if (block.transactions[i].isCoinbase())
            s = fail(RejectCode::BlockCoinbaseMultiple,
                     "transaction " + std::to_string(i) + " is a second coinbase");
    return traced(trace, RuleId::CoinbasePlacement, s, [&] {
        return RuleFacts{RuleFact::countOf("transactions", countOf(block.transactions.size()))};
    });
}

Status checkCoinbaseForm(const Transaction& coinbase, RuleTrace* trace) {
    const TxIn& in = coinbase.inputs.at(0);
    Status s;
    if (!in.signature.empty() || !in.pubkey.empty())
        s = fail(RejectCode::BlockCoinbaseMalformed,
                 "the coinbase input must have an empty signature and pubkey");
    return traced(trace, RuleId::CoinbaseForm, s, [&] {
        return RuleFacts{RuleFact::countOf("signature_bytes", countOf(in.signature.size())),
                         RuleFact::countOf("pubkey_bytes", countOf(in.pubkey.size()))};
    });
}

Status checkMerkleRoot(const Block& block, std::span<const Hash256> txids, RuleTrace* trace) {
    const Hash256 root = merkleRoot(txids);
    Status s;
    if (root != block.header.merkleRoot)
        s = fail(RejectCode::BlockBadMerkleRoot, "header merkle_root " +
                                                     block.header.merkleRoot.hex() +
                                                     " but the transactions give " + root.hex());
    return traced(trace, RuleId::MerkleRoot, s, [&] {
        return RuleFacts{RuleFact::hexOf("header_merkle_root", block.header.merkleRoot.hex()),
                         RuleFact::hexOf("computed_merkle_root", root.hex()),
                         RuleFact::countOf("txids", countOf(txids.size()))};
    });
}

Status checkNoDuplicateTxids(std::span<const Hash256> txids, RuleTrace* trace) {
    std::vector<Hash256> sorted(txids.begin(), txids.end());
    std::sort(sorted.begin(), sorted.end());
    const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
    Status s;
    if (dup != sorted.end())
        s = fail(RejectCode::BlockDuplicateTx,
                 "transaction " + dup->hex() + " appears twice in the block");
    return traced(trace, RuleId::NoDuplicateTxids, s,
                  [&] { return RuleFacts{RuleFact::countOf("txids", countOf(txids.size()))}; });
}

Status checkBlockStructure(const Block& block, std::span<const Hash256> txids, RuleTrace* trace) {
    if (Status s = checkBlockSize(block, trace); !s)
        return s;
    if (Status s = checkCoinbasePlacement(block, trace); !s)
        return s;
    if (Status s = checkCoinbaseForm(block.transactions[0], trace); !s)
        return s;
    if (Status s = checkMerkleRoot(block, txids, trace); !s)
        return s;
    if (Status s = checkNoDuplicateTxids(txids, trace); !s)
        return s;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const Transaction& tx = block.transactions[i];
        if (trace)
            trace->setTransaction(static_cast<std::uint32_t>(i));
        Status s = checkTransactionStructure(tx, trace);
        if (s && i > 0)
            s = checkNoNullPrevouts(tx, trace);
        if (!s)
            return fail(s.failure().code, "transaction " + std::to_string(i) + " (" +
                                              txids[i].hex() + "): " + s.failure().message);
    }
    if (trace)
        trace->setTransaction(std::nullopt);
    return {};
}

} // namespace mbc
