#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"
#include "consensus/rules/rule_trace.h"

#include <span>

namespace mbc {

// consensus/PROTOCOL.md §5 "Block": the rules that need nothing but the block itself. `txids` are
// the block's txids in order (computed once by the caller). Each rule reports itself to `trace`
// when one is given.

// bad-blk-length: serialized size <= 1,000,000 bytes.
Status checkBlockSize(const Block& block, RuleTrace* trace = nullptr);
// bad-cb-missing / bad-cb-multiple: exactly one coinbase, and it comes first.
Status checkCoinbasePlacement(const Block& block, RuleTrace* trace = nullptr);
// bad-cb-malformed: the coinbase input carries no signature and no pubkey.
Status checkCoinbaseForm(const Transaction& coinbase, RuleTrace* trace = nullptr);
// bad-txnmrklroot: the header's merkle root is the root over the txids.
Status checkMerkleRoot(const Block& block, std::span<const Hash256> txids,
                       RuleTrace* trace = nullptr);
// bad-txns-duplicate: no txid twice in the block.
Status checkNoDuplicateTxids(std::span<const Hash256> txids, RuleTrace* trace = nullptr);

// All of the above plus each transaction's own structure rules, in this order: size,
// coinbase placement and form, merkle root, duplicate txids, then every transaction's
// context-free rules (first failing transaction reported).
Status checkBlockStructure(const Block& block, std::span<const Hash256> txids,
                           RuleTrace* trace = nullptr);

} // namespace mbc
