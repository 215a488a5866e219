#pragma once

#include "chain/blockchain.h"
#include "store/sql_chain_store.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_database.h"

#include <QObject>

#include <memory>
#include <string>
#include <vector>

namespace mbc::test {

// What the chain told its listener.
struct ChainEvents : ChainListener {
    std::vector<Hash256> connected, disconnected;
    std::vector<Transaction> returned;
    int tipChanges = 0;
    void blockConnected(const Block& b, const BlockRecord&, const BlockUtxoChanges&) override;
    void blockDisconnected(const Block& b, const BlockRecord&) override;
    void tipChanged(const ChainTip&, const std::vector<Transaction>& txs) override;
};

const char* outcomeName(SubmitOutcome::Kind kind);

// Base of the suites that drive a Blockchain over a real store (SQLite, or PostgreSQL with
// MBC_TEST_BACKEND=postgres): a fresh database per test, a block factory, and checks that
// report the outcome they got. Each suite's init() calls setUpChain(), cleanup() tearDownChain().
class ChainSuite : public QObject {
protected:
    static constexpr std::int64_t kNow = 1'700'000'000 + 1'000'000;

    std::unique_ptr<TestDatabase> testDb_;
    std::unique_ptr<store::Database> db_;
    std::unique_ptr<ChainStore> store_;
    std::unique_ptr<Blockchain> chain_;
    ChainEvents events_;
    // Answers of the store's cache that its tables contradicted (tearDownChain reports them).
    std::vector<std::string> cacheMismatches_;
    BlockFactory make_;
    std::int64_t now_ = kNow;
    ChainLimits limits_;
    NetworkParams params_ = regtestParams(); // reopen() builds the chain for it
    PubKeyHash alice_ = aliceKey().address(), bob_ = bobKey().address();

    // False (and the test failed or skipped) when the backend is unavailable.
    bool setUpChain(ChainLimits limits = {});
    void tearDownChain();
    // setUpChain(), then a genesis block paying alice (`*genesis`), connected; false as
    // setUpChain.
    bool setUpChainFromGenesis(Block* genesis);
    // A new connection and chain over the same database, as a restarted node has.
    void reopen();
    // A store to use instead of the SQL one (a test's decorator around it); reopen() uses it.
    // Its every answer of the chain's state is checked against the tables (CacheCheckingStore).
    virtual std::unique_ptr<ChainStore> wrapStore(std::unique_ptr<ChainStore> sql) { return sql; }

    SubmitOutcome submit(const Block& b) { return chain_->submitBlock(b); }
    // Submits and checks the outcome (and the reject code, if given).
    void expect(const Block& b, SubmitOutcome::Kind kind, const char* code = nullptr);
    // The same, in a batch of its own (as sync submits), committed.
    void expectInBatch(const Block& b, SubmitOutcome::Kind kind, const char* code = nullptr);
    Hash256 tipHash() { return *chain_->tip().hash; }
    // The outputs table equals the UTXO set recomputed from the active chain's blocks.
    void expectConsistentUtxoSet();
    // Admits the blocks' headers, as sync does before taking a branch that forks far back.
    void admitHeadersOf(const std::vector<Block>& blocks);
    // The coinbase output of `block`, to spend.
    static Spendable coinbaseOf(const Block& block);
    // The stored record of `block`.
    BlockRecord recordOf(const Block& block);
    // Stores `block`, the child of the tip `parent`, and returns its record, ready for staging
    // by hand (stageConnectTip), as Blockchain would.
    BlockRecord storeChildOfTip(const Block& block, const Block& parent);
};

} // namespace mbc::test
