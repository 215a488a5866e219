#pragma once

#include "consensus/pow/network_params.h"
#include "consensus/primitives/block.h"
#include "consensus/rules/block_validation.h"
#include "support/memory_chain_state.h"
#include "wallet/private_key.h"

#include <optional>
#include <vector>

namespace mbc::test {

// The keys of the vectors' alice, bob and carol (tests/data/vectors/chain.json).
PrivateKey aliceKey();
PrivateKey bobKey();
PrivateKey carolKey();

// An output a test can spend.
struct Spendable {
    OutPoint outpoint;
    TxOut output;
};

// A transaction spending `inputs` (all locked to `key`) to `outputs`, every input signed.
Transaction makeSignedSpend(const std::vector<Spendable>& inputs, const PrivateKey& key,
                            const std::vector<TxOut>& outputs);

// One tx for each of `coins` (all locked to `key`), spending it whole less `fee` back to `key`;
// each coin becomes the output of its tx, to be spent in turn by the next call.
std::vector<Transaction> spendEachBack(std::vector<Spendable>& coins, const PrivateKey& key,
                                       Amount fee);

// Signs input `index` of `tx` with `key` for an output locked to `spentPubkeyHash`.
void signInput(Transaction& tx, std::size_t index, const PrivateKey& key,
               const PubKeyHash& spentPubkeyHash);

// Searches nonces until the header meets its target (two tries on average on regtest).
void mine(BlockHeader& header);

// A block on `parent` holding `txs` (its coinbase first), a second after it, with the parent's
// target (no retarget between), mined.
Block blockOn(const Block& parent, std::vector<Transaction> txs);

// A chain in memory for tests: builds mined blocks on its tip and connects them through the
// real validation rules.
class TestChain {
public:
    explicit TestChain(NetworkParams params = regtestParams(),
                       std::uint32_t genesisTime = 1'700'000'000);

    const NetworkParams& params() const { return params_; }
    MemoryChainState& state() { return state_; }
    const MemoryChainState& state() const { return state_; }
    bool empty() const { return headers_.empty(); }
    std::uint32_t tipHeight() const { return static_cast<std::uint32_t>(headers_.size() - 1); }
    const BlockHeader& tip() const { return headers_.back(); }
    const Hash256& tipHash() const { return hashes_.back(); }

    // The context for a block on the tip, with the clock one minute after the tip's time.
    BlockContext nextContext() const;

    // A block on the tip paying reward + fees to `payee`, then `txs`; timestamp tip + 10 s
    // (or `timestamp`), the expected target, merkle root set and mined.
    Block buildBlock(const std::vector<Transaction>& txs, const PubKeyHash& payee,
                     std::optional<std::uint32_t> timestamp = std::nullopt) const;
    // Recomputes the merkle root and mines again (after a test edited the block).
    static void reseal(Block& block);

    Result<BlockUtxoChanges> validate(const Block& block,
                                      SignatureJobRunner* signatures = nullptr) const;
    // Validates and connects; throws std::runtime_error with the failure if invalid.
    BlockUtxoChanges connect(const Block& block);
    // Mines and connects a block with only a coinbase to `payee`; returns that output.
    Spendable mineTo(const PubKeyHash& payee);

private:
    Amount feesOf(const std::vector<Transaction>& txs) const;

    NetworkParams params_;
    std::uint32_t genesisTime_;
    MemoryChainState state_;
    std::vector<BlockHeader> headers_;
    std::vector<Hash256> hashes_;
};

} // namespace mbc::test
