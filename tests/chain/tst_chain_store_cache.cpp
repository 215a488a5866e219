// The chain store keeps what it last read or wrote of the chain's state (the tip, the best
// candidate, the active block at a height) so that connecting a block does not ask the
// database again: over a real store (SQLite, or PostgreSQL with MBC_TEST_BACKEND=postgres),
// every change the store makes, and every rollback, must leave its answers as its tables hold
// them. The fixture also checks each answer against the tables (CacheCheckingStore).
#include <QTest>

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "store/database.h"
#include "support/chain_fixture.h"

using namespace mbc;
using namespace mbc::test;
using Kind = SubmitOutcome::Kind;

class TestChainStoreCache : public ChainSuite {
    Q_OBJECT

    Block genesis_;
    BlockRecord genesisRecord_;

    // A child of `parent` stored (not connected) straight through the store.
    BlockRecord store(const Block& block, const BlockRecord& parent) {
        BlockRecord r;
        r.hash = blockHash(block.header);
        r.header = block.header;
        r.height = parent.height + 1;
        r.chainWork = parent.chainWork + blockWork(block.header.target);
        const Bytes bytes = encodeBlock(block);
        r.size = std::uint32_t(bytes.size());
        r.txCount = std::uint32_t(block.transactions.size());
        store_->addBlock(r, bytes);
        return r;
    }

private slots:
    void init() {
        if (!setUpChainFromGenesis(&genesis_))
            return;
        genesisRecord_ = *store_->blockRecord(blockHash(genesis_.header));
    }
    void cleanup() { tearDownChain(); }

    void aBlockWithMoreWorkBecomesTheBestCandidateAndOneWithAsMuchDoesNot() {
        QCOMPARE(store_->bestCandidate(), genesisRecord_.hash); // now known to the store
        const BlockRecord first = store(make_.child(genesis_, bob_), genesisRecord_);
        QCOMPARE(store_->bestCandidate(), first.hash);
        const BlockRecord second = store(make_.child(genesis_, bob_, {}, 0, 7), genesisRecord_);
        QCOMPARE(second.chainWork, first.chainWork);
        QCOMPARE(store_->bestCandidate(), first.hash); // the first seen stays
    }

    void anInvalidBlockStopsBeingTheBestCandidate() {
        const BlockRecord child = store(make_.child(genesis_, bob_), genesisRecord_);
        QCOMPARE(store_->bestCandidate(), child.hash);
        store_->markInvalid(child.hash);
        QCOMPARE(store_->bestCandidate(), genesisRecord_.hash);
    }

    void aRemovedBranchStopsBeingTheBestCandidate() {
        const Block child = make_.child(genesis_, bob_);
        const BlockRecord childRecord = store(child, genesisRecord_);
        const BlockRecord grandchild = store(make_.child(child, bob_), childRecord);
        QCOMPARE(store_->bestCandidate(), grandchild.hash);
        (void)store_->removeBranch(childRecord.hash, 0, 0);
        QCOMPARE(store_->bestCandidate(), genesisRecord_.hash);
    }

    void aDisconnectedBlockLeavesItsHeightEmptyAndItsParentTheTip() {
        const Block child = make_.child(genesis_, bob_);
        expect(child, Kind::Connected);
        const BlockRecord childRecord = *store_->blockRecord(blockHash(child.header));
        QCOMPARE(store_->activeHashAt(1), childRecord.hash);
        QCOMPARE(store_->tip().height, std::int64_t(1));
        const std::uint64_t utxos = store_->tip().utxoCount;
        store_->disconnectTip(child, childRecord);
        QCOMPARE(store_->activeHashAt(1), std::optional<Hash256>());
        QCOMPARE(store_->tip().hash, genesisRecord_.hash);
        QCOMPARE(store_->tip().utxoCount, utxos - 1);
    }

    // A block's connection staged and dropped (it turned out invalid): the tip, its height
    // and the block it stored are as they were.
    void aStagedConnectionThatIsDroppedLeavesNothingBehind() {
        const Block child = make_.child(genesis_, bob_);
        const BlockRecord childRecord = store(child, genesisRecord_);
        QCOMPARE(store_->activeHashAt(1), std::optional<Hash256>());
        {
            ChainStore::StagedConnect staged =
                store_->stageConnectTip(child, childRecord, computeTxids(child));
            QCOMPARE(store_->tip().hash, childRecord.hash); // seen inside the transaction
            QCOMPARE(store_->activeHashAt(1), childRecord.hash);
        }
        QCOMPARE(store_->tip().hash, genesisRecord_.hash);
        QCOMPARE(store_->activeHashAt(1), std::optional<Hash256>());
        QCOMPARE(store_->bestCandidate(), childRecord.hash);
    }

    // A batch (sync's) rolled back after its blocks connected undoes the store's own writes,
    // and with them what it knew of them.
    void aBatchRolledBackTakesTheCachedStateWithIt() {
        {
            store::Database::Transaction batch(*db_);
            const Block child = make_.child(genesis_, bob_);
            expect(child, Kind::Connected);
            QCOMPARE(store_->tip().height, std::int64_t(1));
            QCOMPARE(store_->bestCandidate(), blockHash(child.header));
        }
        QCOMPARE(store_->tip().hash, genesisRecord_.hash);
        QCOMPARE(store_->activeHashAt(1), std::optional<Hash256>());
        QCOMPARE(store_->bestCandidate(), genesisRecord_.hash);
    }
};

QTEST_GUILESS_MAIN(TestChainStoreCache)
#include "tst_chain_store_cache.moc"
