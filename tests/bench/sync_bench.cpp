// Sync benchmark: a fresh daemon syncs a 2,000-block chain holding 100,000 txs from a peer
// daemon on loopback (POST /sync, answered when done). Prints txs/s end to end and the syncing
// daemon's peak memory, next to the foundation benchmark's block validation rate measured in
// this same run. Goals: at least half that rate; peak memory under 300 MB.
#include "bench_support.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/logging.h"
#include "node/node.h"
#include "support/block_factory.h"
#include "support/daemon_process.h"
#include "support/test_chain.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <stdexcept>
#include <thread>

using namespace mbc;
using namespace mbc::test;
using namespace mbc::bench;

namespace {

constexpr int kBlocks = 2000;    // genesis, the split, then blocks of kTxsPerBlock
constexpr int kTxsPerBlock = 50; // spends, one per output of the block before

[[noreturn]] void fail(const QString& why) {
    throw std::runtime_error(why.toStdString());
}

// Builds the chain into a node store in `dataDir`; returns the number of txs (coinbases not
// counted).
std::size_t buildChain(const QString& dataDir) {
    const auto node = openRegtestNode(dataDir);
    node::Node& n = *node;
    BlockFactory f;
    const PrivateKey alice = aliceKey();
    Block parent = f.genesis(alice.address());
    n.submitBlock(parent, "bench");
    const Amount reward = f.params().blockReward;
    const Amount piece = reward / kTxsPerBlock;
    const Transaction split = makeSignedSpend(
        {{{computeTxid(parent.transactions[0]), 0}, parent.transactions[0].outputs[0]}}, alice,
        std::vector<TxOut>(kTxsPerBlock, TxOut{piece, alice.address()}));
    std::vector<Spendable> coins;
    for (std::uint32_t i = 0; i < kTxsPerBlock; ++i)
        coins.push_back({{computeTxid(split), i}, split.outputs[i]});
    parent = f.child(parent, alice.address(), {split}, reward - piece * kTxsPerBlock);
    n.submitBlock(parent, "bench");
    std::size_t txCount = 1;
    constexpr Amount kFee = 100;
    for (int height = 2; height < kBlocks; ++height) {
        std::vector<Transaction> txs;
        for (Spendable& coin : coins) {
            txs.push_back(
                makeSignedSpend({coin}, alice, {{coin.output.amount - kFee, alice.address()}}));
            coin = {{computeTxid(txs.back()), 0}, txs.back().outputs[0]};
        }
        parent = f.child(parent, alice.address(), txs, kFee * kTxsPerBlock);
        if (n.submitBlock(parent, "bench").kind != SubmitOutcome::Kind::Connected)
            fail("setup block refused");
        txCount += txs.size();
    }
    if (n.tip().height != kBlocks - 1)
        fail("setup chain has the wrong height");
    return txCount;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    node::installLogging("warning", {});
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("MiniBitcoin sync benchmark (%u hardware threads)\n\n", cores);
    try {
        const BlockValidationRates rates = blockValidationRates(cores);
        QTemporaryDir sourceDir, sinkDir;
        std::printf("building a %d-block chain...\n", kBlocks);
        const std::size_t txs = buildChain(sourceDir.path());

        DaemonProcess::Options o;
        o.environment.insert("LOG_LEVEL", "warning");
        o.environment.insert("SYNC_INTERVAL", "0");
        o.dataDir = sourceDir.path();
        DaemonProcess source(o);
        o.dataDir = sinkDir.path();
        DaemonProcess sink(o);
        QString why;
        if (!source.start(&why) || !sink.start(&why))
            fail("daemon did not start: " + why);
        const double startMb = peakMegabytes(sink.pid());

        QElapsedTimer clock;
        clock.start();
        const HttpResult r = sink.post("/sync", "{\"peer_url\":\"" + source.url().toUtf8() + "\"}",
                                       {{"Content-Type", "application/json"}});
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        const json::Value answer = r.json();
        const json::Value* height = answer.find("new_height");
        if (r.status != 200 || !height || height->asInt64() != kBlocks - 1)
            fail(QStringLiteral("sync failed: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body)));
        const double peak = peakMegabytes(sink.pid());
        const double rate = double(txs) / seconds;

        std::printf("\nSync of %d blocks, %zu txs, from a daemon on loopback (SQLite)\n", kBlocks,
                    txs);
        std::printf("  baseline: block validation, %u threads  %10.0f tx/s\n", cores,
                    rates.allThreads);
        std::printf("  sync, end to end                     %10.0f tx/s   %.2fx baseline (goal >= "
                    "0.5)\n",
                    rate, rate / rates.allThreads);
        std::printf("  time                                 %10.2f s\n", seconds);
        std::printf("  syncing daemon's peak memory         %10.1f MB   (%.1f MB at start; goal < "
                    "300)\n",
                    peak, startMb);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sync_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
