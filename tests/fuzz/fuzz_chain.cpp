// The chain's state machine under hostile blocks. The input is a program: each step submits a
// block of a valid test chain (a main chain with payments, a heavier fork, a competing genesis),
// as it is or mutated (signatures, pubkeys, amounts, timestamps, targets, parents, transaction
// order and duplicates), or admits a branch's headers, goes on with a sliced reorg, or restarts
// the chain on the same store. After every step, on a throwaway SQLite store:
// - nothing escaped as an exception;
// - the outputs table equals the UTXO set of the active chain replayed through validateBlock
//   (so every active block is valid), and the tip's UTXO count matches;
// - once no reorg is pending, no stored candidate has more work than the tip;
// - no block of the valid test chain is remembered as invalid.
// At the end the valid chain is fed in order, as honest peers would send it: the node must reach
// at least the work of its heaviest branch, whatever the program did before.
#include "chain/blockchain.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"
#include "fuzz_check.h"
#include "store/migrations.h"
#include "store/sql_chain_store.h"
#include "support/block_factory.h"
#include "support/block_mutations.h"
#include "support/cache_checking_store.h"
#include "support/test_chain.h"
#include "support/utxo_audit.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <exception>

using namespace mbc;
using namespace mbc::test;

namespace {

constexpr std::int64_t kNow = 1'700'000'000 + 100'000;
constexpr int kMaxSteps = 32;

// One step of the program: four bytes (zeros past the end), whatever the step uses of them, so
// that a program reads the same way after a mutation of one step.
struct Step {
    std::uint8_t op, block, how, param;
    std::size_t pick(std::uint8_t byte, std::size_t count) const {
        return count ? byte % count : 0;
    }
};

class Program {
public:
    Program(const std::uint8_t* data, std::size_t size)
        : data_(data)
        , size_(size) {}
    bool done() const { return at_ >= size_; }
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
    Step next() { return {byte(), byte(), byte(), byte()}; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

// The valid blocks the program draws from, built once.
struct Material {
    std::vector<Block> blocks;
    std::vector<Block> main, fork, otherGenesis; // the branches, in order
    UInt256 heaviestWork;                        // the chain work of the fork's last block
};

Spendable coinbaseOf(const Block& b) {
    return {{computeTxid(b.transactions[0]), 0}, b.transactions[0].outputs[0]};
}

Material buildMaterial() {
    BlockFactory make;
    const PubKeyHash alice = aliceKey().address(), bob = bobKey().address();
    Material m;
    const Block g = make.genesis(alice);
    m.blocks.push_back(g);
    // Main chain: alice pays bob at 2, bob pays on at 4 (a child of a block's own tx too).
    std::vector<Block> main{g};
    for (int h = 1; h <= 8; ++h) {
        std::vector<Transaction> txs;
        Amount fees = 0;
        if (h == 2) {
            txs.push_back(makeSignedSpend({coinbaseOf(main[1])}, aliceKey(),
                                          {{30 * COIN, bob}, {19 * COIN, alice}}));
            fees = COIN;
        } else if (h == 4) {
            const Transaction& paid = main[2].transactions[1];
            const Transaction a = makeSignedSpend({{{computeTxid(paid), 0}, paid.outputs[0]}},
                                                  bobKey(), {{29 * COIN, alice}});
            const Transaction b = makeSignedSpend({{{computeTxid(a), 0}, a.outputs[0]}}, aliceKey(),
                                                  {{28 * COIN, bob}});
            txs = {a, b};
            fees = 2 * COIN;
        }
        main.push_back(make.child(main.back(), h % 2 ? alice : bob, txs, fees));
        m.blocks.push_back(main.back());
    }
    m.main = main;
    // A fork from height 1 that ends heavier, spending the same coinbase differently.
    std::vector<Block> fork{main[1]};
    for (int i = 0; i < 8; ++i) {
        std::vector<Transaction> txs;
        Amount fees = 0;
        if (i == 1) {
            txs.push_back(makeSignedSpend({coinbaseOf(main[1])}, aliceKey(), {{40 * COIN, alice}}));
            fees = 10 * COIN;
        }
        fork.push_back(make.child(fork.back(), bob, txs, fees, 1));
        m.blocks.push_back(fork.back());
    }
    m.fork.assign(fork.begin() + 1, fork.end());
    for (const Block* b : {&main[0], &main[1]})
        m.heaviestWork = m.heaviestWork + blockWork(b->header.target);
    for (const Block& b : m.fork)
        m.heaviestWork = m.heaviestWork + blockWork(b.header.target);
    // A competing genesis with a short chain.
    const Block g2 = make.genesis(bob, 1'700'000'000, 7);
    m.otherGenesis.push_back(g2);
    for (const Block& b : make.chain(g2, 3, bob, 2))
        m.otherGenesis.push_back(b);
    m.blocks.insert(m.blocks.end(), m.otherGenesis.begin(), m.otherGenesis.end());
    return m;
}

const Material& material() {
    static const Material m = buildMaterial();
    return m;
}

// Changes that keep the hash (another body for the same block), then changes resealed.
Block mutate(const Block& original, const Step& step) {
    const auto& blocks = material().blocks;
    Block b = original;
    const bool hasTx = b.transactions.size() > 1;
    const std::size_t other = step.pick(step.param, blocks.size()); // for those that need one
    switch (step.pick(step.how, 12)) {
    case 0:
        return hasTx ? mutated(b, Mutation::Signature) : b;
    case 1:
        return hasTx ? mutated(b, Mutation::Pubkey) : b;
    case 2:
        return mutated(b, Mutation::CoinbaseSignature);
    case 3:
        b.transactions.push_back(b.transactions.back()); // keeps the root for an odd count
        return b;
    case 4:
        if (hasTx)
            std::swap(b.transactions[0], b.transactions[1]);
        return b;
    case 5:
        b.transactions.back().outputs[0].amount += static_cast<Amount>(step.param) - 128;
        break;
    case 6:
        b.header.timestamp += static_cast<std::uint32_t>(static_cast<std::int8_t>(step.param));
        break;
    case 7:
        b.header.target = b.header.target >> (step.param % 4 + 1);
        break;
    case 8:
        b.header.prevHash = blockHash(blocks[other].header);
        break;
    case 9:
        b.transactions.push_back(blocks[other].transactions.back());
        break;
    case 10:
        b.transactions[0] = blocks[other].transactions[0];
        break;
    default:
        b.header.nonce ^= step.param; // most likely no longer meets the target
        return b;
    }
    TestChain::reseal(b);
    return b;
}

struct Node {
    std::unique_ptr<store::Database> db;
    std::unique_ptr<ChainStore> store; // every cached answer checked against the tables
    std::unique_ptr<Blockchain> chain;
    std::vector<std::string> cacheMismatches;
};

ChainLimits fuzzLimits() {
    ChainLimits l;
    l.sideBranchMarginBlocks = 3;
    l.maxOrphans = 4;
    l.maxOrphanBytes = 1'200'000;
    l.maxDisconnectedTxBytes = 1500;
    l.maxAdmittedHeaders = 40;
    return l;
}

void open(Node& n, const QString& path, const ActivationBudget& budget) {
    n.chain.reset();
    n.store.reset();
    n.db.reset();
    n.db = store::Database::open(store::DatabaseLocation::sqliteFile(path));
    store::migrate(*n.db);
    n.store = std::make_unique<CacheCheckingStore>(std::make_unique<store::SqlChainStore>(*n.db),
                                                   *n.db, n.cacheMismatches);
    n.chain = std::make_unique<Blockchain>(
        *n.store, regtestParams(), nullptr, [] { return kNow; }, fuzzLimits());
    n.chain->setActivationBudget(budget);
}

void checkInvariants(Node& n) {
    const ChainTip tip = n.chain->tip();
    MBC_FUZZ_CHECK(n.cacheMismatches.empty());
    const UtxoMap table = utxosInOutputsTable(*n.db);
    MBC_FUZZ_CHECK(table.size() == tip.utxoCount);
    MBC_FUZZ_CHECK(table == utxosValidatedFromBlocks(*n.db, regtestParams(), kNow));
    if (!n.chain->activationPending()) {
        const auto best = n.store->bestCandidate();
        MBC_FUZZ_CHECK(best.has_value() == !tip.empty());
        if (best) {
            const auto record = n.store->blockRecord(*best);
            MBC_FUZZ_CHECK(record && record->chainWork <= tip.chainWork);
        }
    }
    if (tip.hash) {
        const auto record = n.store->blockRecord(*tip.hash);
        MBC_FUZZ_CHECK(record && record->status == BlockStatus::Valid &&
                       record->chainWork == tip.chainWork &&
                       std::int64_t(record->height) == tip.height);
    }
    for (const Block& honest : material().blocks) {
        const auto record = n.chain->record(blockHash(honest.header));
        MBC_FUZZ_CHECK(!record || !record->isInvalid());
    }
}

// The valid chain in order, its fork's headers first (as sync sends them), then the reorg run
// to its end: the node reaches at least the work of the heaviest valid branch. (A valid block
// the program made by mutating one can tie or beat it: then that chain may stay.)
void feedHonestChain(Node& n) {
    const Material& m = material();
    for (const Block& b : m.main)
        n.chain->submitBlock(b);
    std::vector<BlockHeader> headers;
    for (const Block& b : m.fork)
        headers.push_back(b.header);
    (void)n.chain->admitHeaders(headers);
    for (const Block& b : m.fork)
        n.chain->submitBlock(b);
    for (const Block& b : m.otherGenesis)
        n.chain->submitBlock(b);
    while (!n.chain->continueActivation()) {
    }
    checkInvariants(n);
    // Stored or not (a valid block the program made may have tied it first), never less work.
    MBC_FUZZ_CHECK(m.heaviestWork <= n.chain->tip().chainWork);
}

void run(Node& n, const Step& step, const QString& path, const ActivationBudget& budget) {
    const auto& blocks = material().blocks;
    const Block& chosen = blocks[step.pick(step.block, blocks.size())];
    switch (step.pick(step.op, 8)) {
    case 0:
    case 1:
    case 2:
        n.chain->submitBlock(chosen);
        break;
    case 3:
    case 4:
        n.chain->submitBlock(mutate(chosen, step));
        break;
    case 5: {
        const std::size_t first = step.pick(step.block, blocks.size());
        const std::size_t count = step.pick(step.how, 8) + 1;
        std::vector<BlockHeader> headers;
        for (std::size_t i = first; i < blocks.size() && headers.size() < count; ++i)
            headers.push_back(blocks[i].header);
        (void)n.chain->admitHeaders(headers);
        break;
    }
    case 6:
        n.chain->continueActivation();
        break;
    default: // a restart: the store is all that survives
        open(n, path, budget);
        n.chain->activateBestChain();
        break;
    }
}

// A store made anew for every input: in memory-backed /dev/shm where there is one.
QString storePath() {
    static QTemporaryDir dir(
        (QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm") : QDir::tempPath()) +
        "/mbc-fuzz-chain-XXXXXX");
    return dir.filePath("chain.sqlite");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    static QCoreApplication app(*argc, *argv);
    if (!qEnvironmentVariableIsSet("MBC_FUZZ_VERBOSE")) // the node's log would drown the fuzzer's
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
    (void)material();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QString path = storePath();
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + suffix);
    Program program(data, size);
    const ActivationBudget budget{std::size_t(program.byte() % 4) + 1, std::chrono::hours(1)};
    try {
        Node node;
        open(node, path, budget);
        for (int i = 0; i < kMaxSteps && !program.done(); ++i) {
            run(node, program.next(), path, budget);
            checkInvariants(node);
        }
        feedHonestChain(node);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "escaped: %s\n", e.what());
        std::abort();
    }
    return 0;
}
