// Blocks an attacker builds, fed to the chain over a real store (SQLite, or PostgreSQL with
// MBC_TEST_BACKEND=postgres): a txid the chain already holds, a store that fails while a block
// connects, and mutated copies of honest blocks (same hash, another body) arriving first on the
// tip, on a side branch and as orphans. What must hold: the node refuses by the rule, never by
// a storage error; nothing half-written stays; and only what the hash commits to condemns it.
#include <QTest>

#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "store/database.h"
#include "support/block_mutations.h"
#include "support/chain_fixture.h"
#include "support/forwarding_chain_store.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

Q_DECLARE_METATYPE(mbc::test::Mutation)

namespace {

// The real SQL store, with a failure that a test can arm for the next block it connects.
class FailingStore final : public ForwardingChainStore {
public:
    using ForwardingChainStore::ForwardingChainStore;
    bool failNextConnect = false;

    StagedConnect stageConnectTip(const Block& b, const BlockRecord& r,
                                  std::span<const Hash256> txids) override {
        auto staged = real_->stageConnectTip(b, r, txids); // written, then the store fails
        if (failNextConnect) {
            failNextConnect = false;
            throw store::StoreError("injected failure while connecting");
        }
        return staged;
    }
};

} // namespace

class TestHostileBlocks : public ChainSuite {
    Q_OBJECT

    FailingStore* failing_ = nullptr;

    std::unique_ptr<ChainStore> wrapStore(std::unique_ptr<ChainStore> sql) override {
        auto store = std::make_unique<FailingStore>(std::move(sql));
        failing_ = store.get();
        return store;
    }

    // Genesis paying alice, then a block in which alice pays bob: the honest block to copy.
    std::pair<Block, Block> genesisAndPayment() {
        const Block g = make_.genesis(alice_);
        const Transaction pay =
            makeSignedSpend({coinbaseOf(g)}, aliceKey(), {{20 * COIN, bob_}, {29 * COIN, alice_}});
        return {g, make_.child(g, bob_, {pay}, COIN)};
    }

    void expectNotStored(const Block& b) {
        QVERIFY2(!chain_->record(blockHash(b.header)), "the block is stored");
    }

private slots:
    void init() { setUpChain(); }
    void cleanup() { tearDownChain(); }

    // MiniBitcoinPy miners repeat a coinbase byte for byte when they mine twice to one address.
    // The outputs table's key used to decide this block (a 503 with SQL), leaving a candidate
    // that killed the node at every later start.
    void aRepeatedCoinbaseIsRefusedByItsRule() {
        const Block g = make_.genesis(alice_);
        const Block b1 = make_.child(g, alice_);
        expect(g, Kind::Connected);
        expect(b1, Kind::Connected);
        Block replay = make_.child(b1, alice_);
        replay.transactions[0] = b1.transactions[0];
        TestChain::reseal(replay);
        expect(replay, Kind::Invalid, "bad-txns-already-in-chain");
        QCOMPARE(tipHash(), blockHash(b1.header));
        QCOMPARE(*store_->bestCandidate(), blockHash(b1.header));
        expectConsistentUtxoSet();
        // The chain goes on, now and after a restart.
        const Block b2 = make_.child(b1, alice_, {}, 0, 1);
        expect(b2, Kind::Connected);
        reopen();
        QVERIFY(chain_->activateBestChain());
        QCOMPARE(tipHash(), blockHash(b2.header));
        expect(make_.child(b2, bob_), Kind::Connected);
        expectConsistentUtxoSet();
    }

    void aReplayedTransactionIsRefusedByItsRule() {
        const auto [g, paid] = genesisAndPayment();
        expect(g, Kind::Connected);
        expect(paid, Kind::Connected);
        // The same payment again, in a later block: its inputs are spent, but the txid rule
        // comes first.
        const Block again = make_.child(paid, bob_, {paid.transactions[1]}, COIN);
        expect(again, Kind::Invalid, "bad-txns-already-in-chain");
        QCOMPARE(tipHash(), blockHash(paid.header));
        expectConsistentUtxoSet();
    }

    // Whatever the store says while a block connects, nothing of it stays half-written, the
    // block is not left as a candidate that fails again, and it can be sent again.
    void aStoreFailureWhileConnectingLeavesNothingBehind() {
        const auto [g, paid] = genesisAndPayment();
        expect(g, Kind::Connected);
        failing_->failNextConnect = true;
        QVERIFY_THROWS_EXCEPTION(store::StoreError, submit(paid));
        QCOMPARE(tipHash(), blockHash(g.header));
        expectNotStored(paid);
        QCOMPARE(*store_->bestCandidate(), blockHash(g.header));
        expectConsistentUtxoSet();
        reopen();
        QVERIFY(chain_->activateBestChain());
        expect(paid, Kind::Connected);
        expectConsistentUtxoSet();
    }

    void aMutatedCopyOnTheTipLeavesTheBlockWelcome_data() {
        QTest::addColumn<Mutation>("how");
        for (Mutation m : {Mutation::Signature, Mutation::Pubkey, Mutation::CoinbaseSignature,
                           Mutation::Padding})
            QTest::newRow(mutationName(m)) << m;
    }
    void aMutatedCopyOnTheTipLeavesTheBlockWelcome() {
        QFETCH(Mutation, how);
        const auto [g, paid] = genesisAndPayment();
        const Block copy = mutated(paid, how);
        QCOMPARE(blockHash(copy.header), blockHash(paid.header));
        expect(g, Kind::Connected);
        expect(copy, Kind::Invalid, mutationCode(how));
        expectNotStored(copy);
        expect(copy, Kind::Invalid, mutationCode(how)); // judged again, not "duplicate-invalid"
        expect(paid, Kind::Connected);
        expectConsistentUtxoSet();
        // And after a restart nothing condemns it either.
        reopen();
        expect(make_.child(paid, alice_), Kind::Connected);
    }

    // A side-branch body is stored unvalidated; it fails only when its branch wins. Then the
    // body goes, its descendants wait as orphans, and the honest body takes the branch over.
    void aMutatedSideBranchBodyIsDroppedWhenItsBranchWins() {
        const auto [g, paid] = genesisAndPayment();
        const Block a1 = make_.child(g, alice_, {}, 0, 1);
        const Block a2 = make_.child(a1, alice_);
        const Block b2 = make_.child(paid, bob_);
        const Block b3 = make_.child(b2, bob_);
        expect(g, Kind::Connected);
        expect(a1, Kind::Connected);
        expect(a2, Kind::Connected);
        expect(mutated(paid, Mutation::Signature), Kind::SideChain);
        expect(b2, Kind::SideChain); // equal work: the first seen stays
        // b3 makes the branch heavier; its first block fails and the chain stays.
        expect(b3, Kind::Orphan);
        QCOMPARE(tipHash(), blockHash(a2.header));
        expectNotStored(paid);
        expectNotStored(b2);
        QCOMPARE(chain_->orphans().size(), std::size_t(2));
        expectConsistentUtxoSet();
        // The honest body (from another peer, or a sync) takes the branch over.
        expect(paid, Kind::Connected);
        QCOMPARE(tipHash(), blockHash(b3.header));
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
        expectConsistentUtxoSet();
    }

    // The forged body is stored first, unvalidated on a side branch; the honest body offered
    // later is kept beside it, and takes its place when the branch wins: nothing is dropped.
    void anHonestBodyOfferedLaterReplacesAStoredForgery() {
        const auto [g, paid] = genesisAndPayment();
        const Block a1 = make_.child(g, alice_, {}, 0, 1);
        const Block a2 = make_.child(a1, alice_);
        const Block b2 = make_.child(paid, bob_);
        const Block b3 = make_.child(b2, bob_);
        for (const Block* b : {&g, &a1, &a2})
            expect(*b, Kind::Connected);
        expect(mutated(paid, Mutation::Pubkey), Kind::SideChain);
        expect(paid, Kind::Duplicate, "duplicate");
        expect(b2, Kind::SideChain);
        expect(b3, Kind::Connected);
        QCOMPARE(tipHash(), blockHash(b3.header));
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
        const Bytes honest = encodeBlock(paid);
        const auto stored = store_->blockBytes(blockHash(paid.header));
        QVERIFY(stored && *stored == honest);
        const auto record = store_->blockRecord(blockHash(paid.header));
        QVERIFY(record);
        QCOMPARE(std::size_t(record->size), honest.size());
        QCOMPARE(std::size_t(record->txCount), paid.transactions.size());
        expectConsistentUtxoSet();
    }

    // A mutated orphan held first must not make the honest orphan "already held".
    void aMutatedOrphanDoesNotShutOutTheHonestOne() {
        const Block g = make_.genesis(alice_);
        const Block parent = make_.child(g, alice_);
        const Transaction pay =
            makeSignedSpend({coinbaseOf(g)}, aliceKey(), {{20 * COIN, bob_}, {29 * COIN, alice_}});
        const Block child = make_.child(parent, bob_, {pay}, COIN);
        const Block grandchild = make_.child(child, bob_);
        expect(g, Kind::Connected);
        expect(mutated(child, Mutation::Pubkey), Kind::Orphan);
        expect(child, Kind::Orphan);
        expect(child, Kind::Orphan, "orphan"); // this very body: already held
        expect(grandchild, Kind::Orphan);
        QCOMPARE(chain_->orphans().size(), std::size_t(3));
        expect(parent, Kind::Connected);
        QCOMPARE(tipHash(), blockHash(grandchild.header)); // the cascade went past the forgery
        QCOMPARE(chain_->orphans().size(), std::size_t(0));
        expectConsistentUtxoSet();
    }

    // What the hash does commit to still condemns it, with its descendants.
    void aCommittedFailureStillCondemnsTheHash() {
        const Block g = make_.genesis(alice_);
        expect(g, Kind::Connected);
        const Transaction overspend =
            makeSignedSpend({coinbaseOf(g)}, aliceKey(), {{60 * COIN, bob_}});
        const Block bad = make_.child(g, bob_, {overspend});
        expect(bad, Kind::Invalid, "bad-txns-in-belowout");
        expect(bad, Kind::Invalid, "duplicate-invalid");
        expect(make_.child(bad, bob_), Kind::Invalid, "bad-prevblk-invalid");
        reopen(); // the store remembers it too
        expect(bad, Kind::Invalid, "duplicate-invalid");
    }
};

QTEST_GUILESS_MAIN(TestHostileBlocks)
#include "tst_hostile_blocks.moc"
