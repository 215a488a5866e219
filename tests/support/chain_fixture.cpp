#include "support/chain_fixture.h"

#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "support/cache_checking_store.h"
#include "support/utxo_audit.h"

#include <QTest>

#include <stdexcept>
#include <utility>

namespace mbc::test {

void ChainEvents::blockConnected(const Block& b, const BlockRecord&, const BlockUtxoChanges&) {
    connected.push_back(blockHash(b.header));
}

void ChainEvents::blockDisconnected(const Block& b, const BlockRecord&) {
    disconnected.push_back(blockHash(b.header));
}

void ChainEvents::tipChanged(const ChainTip&, const std::vector<Transaction>& txs) {
    ++tipChanges;
    returned.insert(returned.end(), txs.begin(), txs.end());
}

const char* outcomeName(SubmitOutcome::Kind kind) {
    using Kind = SubmitOutcome::Kind;
    switch (kind) {
    case Kind::Connected:
        return "connected";
    case Kind::SideChain:
        return "side chain";
    case Kind::Orphan:
        return "orphan";
    case Kind::Duplicate:
        return "duplicate";
    case Kind::Invalid:
        return "invalid";
    }
    return "?";
}

bool ChainSuite::setUpChainFromGenesis(Block* genesis) {
    if (!setUpChain())
        return false;
    *genesis = make_.genesis(alice_);
    expect(*genesis, SubmitOutcome::Kind::Connected);
    return true;
}

bool ChainSuite::setUpChain(ChainLimits limits) {
    QString why;
    testDb_ = TestDatabase::create(&why);
    if (!testDb_) {
        if (suitesMustRun())
            QTest::qFail(qPrintable(why), __FILE__, __LINE__);
        else
            QTest::qSkip(qPrintable(why), __FILE__, __LINE__);
        return false;
    }
    events_ = ChainEvents();
    make_ = BlockFactory();
    now_ = kNow;
    limits_ = limits;
    params_ = regtestParams();
    reopen();
    return true;
}

void ChainSuite::tearDownChain() {
    chain_.reset();
    store_.reset();
    db_.reset();
    testDb_.reset();
    const auto mismatches = std::exchange(cacheMismatches_, {});
    std::string report;
    for (std::size_t i = 0; i < mismatches.size() && i < 5; ++i)
        report += "\n  " + mismatches[i];
    QVERIFY2(mismatches.empty(),
             (std::to_string(mismatches.size()) + " cached answers were wrong:" + report).c_str());
}

void ChainSuite::reopen() {
    chain_.reset();
    store_.reset();
    db_ = testDb_->connect();
    store_ = wrapStore(std::make_unique<CacheCheckingStore>(
        std::make_unique<store::SqlChainStore>(*db_), *db_, cacheMismatches_));
    chain_ = std::make_unique<Blockchain>(
        *store_, params_, nullptr, [this] { return now_; }, limits_);
    chain_->setListener(&events_);
}

void ChainSuite::expect(const Block& b, SubmitOutcome::Kind kind, const char* code) {
    const SubmitOutcome r = submit(b);
    const std::string detail =
        std::string("got ") + outcomeName(r.kind) + (r.failure ? " " + r.failure->toString() : "");
    QVERIFY2(r.kind == kind, detail.c_str());
    if (code)
        QVERIFY2(r.failure && r.failure->codeName() == code, detail.c_str());
}

void ChainSuite::expectInBatch(const Block& b, SubmitOutcome::Kind kind, const char* code) {
    store::Database::Transaction batch(*db_);
    expect(b, kind, code);
    batch.commit();
}

void ChainSuite::expectConsistentUtxoSet() {
    const UtxoMap table = utxosInOutputsTable(*db_);
    QCOMPARE(table.size(), std::size_t(chain_->tip().utxoCount));
    QVERIFY2(table == utxosRecomputedFromBlocks(*db_),
             "outputs table differs from the UTXO set recomputed from the blocks");
    QCOMPARE(unpairedBlockBodies(*db_), std::int64_t(0));
}

void ChainSuite::admitHeadersOf(const std::vector<Block>& blocks) {
    std::vector<BlockHeader> headers;
    for (const Block& b : blocks)
        headers.push_back(b.header);
    const auto work = chain_->admitHeaders(headers);
    QVERIFY2(work, work ? "" : work.failure().toString().c_str());
}

Spendable ChainSuite::coinbaseOf(const Block& block) {
    return {{computeTxid(block.transactions[0]), 0}, block.transactions[0].outputs[0]};
}

BlockRecord ChainSuite::recordOf(const Block& block) {
    const auto r = store_->blockRecord(blockHash(block.header));
    if (!r)
        throw std::logic_error("block " + blockHash(block.header).hex() + " is not stored");
    return *r;
}

BlockRecord ChainSuite::storeChildOfTip(const Block& block, const Block& parent) {
    BlockRecord r = recordOf(parent);
    r.hash = blockHash(block.header);
    r.header = block.header;
    r.height += 1;
    r.chainWork = r.chainWork + blockWork(block.header.target);
    const Bytes bytes = encodeBlock(block);
    r.size = std::uint32_t(bytes.size());
    r.txCount = std::uint32_t(block.transactions.size());
    r.status = BlockStatus::Stored;
    store_->addBlock(r, bytes);
    return r;
}

} // namespace mbc::test
