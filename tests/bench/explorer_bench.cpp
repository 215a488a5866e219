// Explorer benchmark: the app's block list (BlockListModel over a node on its own thread) on a
// 100,000-block store, next to the same measurements on a 1,000-block store in this same run:
// time until the newest rows show, until the oldest rows show after a jump to the bottom, and
// after jumps to places not shown before; the rows held in memory; the process's peak memory.
// Goal: on the long chain every jump shows its rows within 50 ms (fetching is per page shown),
// and the rows held stay bounded.
#include "bench_support.h"
#include "node/local_node.h"
#include "node/logging.h"
#include "node/node.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "ui/block_list_model.h"
#include "ui/client_model.h"
#include "ui/node_thread.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

using namespace mbc;
using namespace mbc::test;
using namespace mbc::bench;

namespace {

[[noreturn]] void fail(const char* why) {
    throw std::runtime_error(why);
}

// A regtest store of `blocks` coinbase-only blocks, written a thousand blocks per commit.
void buildStore(const QString& dir, int blocks) {
    const auto node = openRegtestNode(dir);
    node::Node& n = *node;
    BlockFactory f;
    Block parent = f.genesis(aliceKey().address());
    n.submitBlock(parent, "bench");
    int made = 1;
    while (made < blocks) {
        const auto batch = n.beginStoreBatch();
        const auto chain = f.chain(parent, std::min(1000, blocks - made), aliceKey().address());
        for (const Block& b : chain)
            if (n.submitBlock(b, "bench", SignatureChecks::InValidation).kind !=
                SubmitOutcome::Kind::Connected)
                fail("setup block refused");
        batch->commit();
        parent = chain.back();
        made += int(chain.size());
    }
}

template <typename Done>
double msUntil(Done done) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > 60'000)
            fail("timed out");
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return double(clock.nsecsElapsed()) / 1e6;
}

struct Figures {
    double newestMs = 0, oldestMs = 0, randomMs = 0;
    int heldRows = 0;
};

Figures measure(const QString& dir, int blocks) {
    node::NodeConfig c;
    c.network = "regtest";
    c.dataDir = dir;
    c.port = 0;
    c.logLevel = "warning";
    c.syncInterval = 0;
    ui::NodeThread node(node::startLocalNode);
    ui::ClientModel client(node);
    node.start(c);
    msUntil([&] { return client.started() && client.status().height == blocks - 1; });
    ui::BlockListModel model(node);
    Figures f;
    model.setTip(client.status().height, 0);
    const int rows = model.rowCount();
    msUntil([&] { return !model.hashAt(rows / 2).isEmpty(); }); // warms the store's statements
    f.newestMs = msUntil([&] { return !model.hashAt(0).isEmpty(); });
    f.oldestMs = msUntil([&] { return !model.hashAt(rows - 1).isEmpty(); });
    // Jumps to rows whose pages were not fetched yet, at the same places along both chains.
    const double places[] = {0.25, 0.35, 0.45, 0.65, 0.75};
    double total = 0;
    for (double place : places) {
        const int row = int(place * rows);
        total += msUntil([&] { return !model.hashAt(row).isEmpty(); });
    }
    f.randomMs = total / std::size(places);
    f.heldRows = model.rowsHeld();
    return f;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    node::installLogging("warning", {});
    std::printf("MiniBitcoin explorer benchmark (block list of the app's Explorer)\n\n");
    try {
        constexpr int kShort = 1'000, kLong = 100'000;
        QTemporaryDir shortDir, longDir;
        std::printf("building a %d-block and a %d-block store...\n", kShort, kLong);
        QElapsedTimer build;
        build.start();
        buildStore(shortDir.path(), kShort);
        buildStore(longDir.path(), kLong);
        std::printf("  built in %.0f s\n\n", double(build.elapsed()) / 1000);
        const Figures s = measure(shortDir.path(), kShort);
        const Figures l = measure(longDir.path(), kLong);
        std::printf("                              %8d blocks  %8d blocks   ratio\n", kShort,
                    kLong);
        std::printf("  newest rows shown            %8.1f ms  %8.1f ms   %.2fx\n", s.newestMs,
                    l.newestMs, l.newestMs / s.newestMs);
        std::printf("  oldest rows after a jump     %8.1f ms  %8.1f ms   %.2fx\n", s.oldestMs,
                    l.oldestMs, l.oldestMs / s.oldestMs);
        std::printf("  a jump along the chain (x5)  %8.1f ms  %8.1f ms   %.2fx\n", s.randomMs,
                    l.randomMs, l.randomMs / s.randomMs);
        std::printf("  rows held in memory          %8d     %8d\n", s.heldRows, l.heldRows);
        std::printf("  process peak memory          %8.1f MB (both runs)\n", peakMegabytes());
        const double worst = std::max({l.newestMs, l.oldestMs, l.randomMs});
        std::printf("  slowest on the long chain    %8.1f ms (goal <= 50 ms: rows show within a "
                    "few frames)\n",
                    worst);
        std::printf("  rows held at most            %8d     (50 pages of 100, whatever the chain "
                    "length)\n",
                    ui::BlockListModel::kPageRows * ui::BlockListModel::kMaxPages);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "explorer_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
