// Sync benchmark: a fresh daemon syncs a chain of one-input transactions from a peer daemon on
// loopback (POST /sync), on SQLite and on PostgreSQL (a throwaway server on a loopback port, as
// the tests start). For each store it prints the rate end to end next to block validation on all
// cores measured in this same run, the rate as the chain grows (at 100 k, 500 k and 1 M txs),
// where the syncing daemon's time went, its peak memory and the database's size; then
// PostgreSQL's rate against SQLite's.
//
//   sync_bench [--txs N] [sqlite] [postgres]     (default: 1,000,000 txs, both stores)
#include "bench_support.h"
#include "node/logging.h"
#include "node/node.h"
#include "support/block_factory.h"
#include "support/daemon_process.h"
#include "support/own_postgres.h"
#include "support/test_chain.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <thread>

using namespace mbc;
using namespace mbc::test;
using namespace mbc::bench;

namespace {

constexpr int kTxsPerBlock = 100; // spends, one per output of the block before

[[noreturn]] void fail(const QString& why) {
    throw std::runtime_error(why.toStdString());
}

// Builds a chain of about `wantedTxs` txs into a node store in `dataDir`: genesis, a split
// into kTxsPerBlock outputs, then blocks each spending every output of the one before. Returns
// the block count.
int buildChain(const QString& dataDir, std::size_t wantedTxs) {
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
    constexpr Amount kFee = 100;
    const int blocks = 2 + int((wantedTxs + kTxsPerBlock - 1) / kTxsPerBlock);
    for (int height = 2; height < blocks; ++height) {
        parent = f.child(parent, alice.address(), spendEachBack(coins, alice, kFee),
                         kFee * kTxsPerBlock);
        if (n.submitBlock(parent, "bench").kind != SubmitOutcome::Kind::Connected)
            fail("setup block refused");
        if (height % 1000 == 0)
            std::printf("  %d blocks\n", height);
    }
    if (n.tip().height != blocks - 1)
        fail("setup chain has the wrong height");
    return blocks;
}

// Synced txs at a height: the split's one, then kTxsPerBlock a block.
double txsAt(double height) {
    return height < 1 ? 0 : 1 + (height - 1) * kTxsPerBlock;
}

struct Sample {
    double seconds;
    std::int64_t height;
};

// The rate "at" a count of txs is taken over the kRateWindowTxs synced before it, the same
// window at every mark. (A tenth of the txs before the mark, as it was, lasted under a second at
// 100 k; over it, runs of the same code gave 15,000 to 29,000 tx/s.)
constexpr double kRateWindowTxs = 50'000;

// Txs per second over the kRateWindowTxs txs before `txs`, from the progress samples.
double rateAt(const std::vector<Sample>& samples, double txs) {
    auto timeAt = [&](double wanted) -> double {
        for (std::size_t i = 1; i < samples.size(); ++i) {
            const double a = txsAt(double(samples[i - 1].height));
            const double b = txsAt(double(samples[i].height));
            if (b >= wanted && b > a)
                return samples[i - 1].seconds +
                       (samples[i].seconds - samples[i - 1].seconds) * (wanted - a) / (b - a);
        }
        return -1;
    };
    if (txs < kRateWindowTxs)
        return 0;
    const double end = timeAt(txs), start = timeAt(txs - kRateWindowTxs);
    return end > start && start >= 0 ? kRateWindowTxs / (end - start) : 0;
}

struct SyncResult {
    double rate = 0; // txs per second end to end
    double seconds = 0;
    std::vector<Sample> samples;
    std::string phases; // per 1,000 txs
    double peakMb = 0, startMb = 0;
    double writtenMb = 0; // during the sync, as the store's WrittenSoFar counts (-1: unknown)
    double sinkCpu = -1, sourceCpu = -1; // seconds of CPU during the sync, each daemon's
    bool onServer = false; // PostgreSQL: serverCpu is its processes' for the daemon's sessions
    double serverCpu = -1; // seconds (-1: unknown)
    std::vector<double> healthMs; // each GET /health asked during the sync, request to answer
};

// The CPU a store's server has used so far for the syncing daemon, in ms, as
// processesCpuMilliseconds counts (-1: unknown); empty for SQLite, which has no server.
using ServerCpuSoFar = std::function<double()>;

// What a store has written so far, in MB (-1: unknown). SQLite's: what the daemon passed to
// write calls (its WAL, the checkpoints done by the end, and its answers to /health, a few kB).
// PostgreSQL's: the server's WAL (the daemon only sends statements); it also holds autovacuum's
// work and the page images the server writes after each checkpoint, which a slower run has more of.
using WrittenSoFar = std::function<double(const DaemonProcess& sink)>;

SyncResult syncFrom(const DaemonProcess& source, DaemonProcess& sink, int blocks,
                    const WrittenSoFar& written, const ServerCpuSoFar& serverCpu) {
    SyncResult result;
    result.startMb = peakMegabytes(sink.pid());
    const double writtenBefore = written(sink);
    result.onServer = bool(serverCpu);
    const double serverCpuBefore = serverCpu ? serverCpu() : -1;
    const double sinkCpuBefore = cpuSeconds(sink.pid());
    const double sourceCpuBefore = cpuSeconds(source.pid());
    const auto before = blockPhaseSeconds(sink.get("/metrics").body);
    // POST /sync answers when done: sent on a socket of its own while /health is polled.
    QTcpSocket request;
    request.connectToHost("127.0.0.1", QUrl(sink.url()).port());
    if (!request.waitForConnected(5000))
        fail("cannot reach the syncing daemon");
    const QByteArray body = "{\"peer_url\":\"" + source.url().toUtf8() + "\"}";
    QElapsedTimer clock;
    clock.start();
    // The sync ends when its answer comes (the daemon answers as it ends, and then closes the
    // connection). Taken from the socket's signal, which the event loops of the /health polls
    // below deliver at once: a poll waits for the syncing daemon's event loop, which turns
    // between slices of blocks, and the sample that first shows the last block came up to half
    // a second after the end.
    double answeredAt = -1;
    QObject::connect(&request, &QAbstractSocket::disconnected, &request, [&] {
        if (answeredAt < 0)
            answeredAt = double(clock.nsecsElapsed()) / 1e9;
    });
    request.write("POST /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Connection: close\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    request.flush();
    QByteArray answer;
    // A sample every 200 ms at most, however soon /health answers: the polling's own work, on
    // the same cores as the sync, stays small (five requests a second at most) whatever the
    // daemon's latency.
    constexpr double kSampleEvery = 0.2;
    double lastAsked = -kSampleEvery;
    while (true) {
        const double untilNext = lastAsked + kSampleEvery - double(clock.nsecsElapsed()) / 1e9;
        request.waitForReadyRead(std::max(1, int(untilNext * 1000)));
        answer += request.readAll();
        const bool answered = request.state() == QAbstractSocket::UnconnectedState;
        // The height is the one when the daemon answered, some time between the request and
        // its answer (which waits for a slice of blocks to end): the middle of the two.
        const double asked = double(clock.nsecsElapsed()) / 1e9;
        lastAsked = asked;
        const json::Value health = sink.get("/health").json();
        const double healthAt = double(clock.nsecsElapsed()) / 1e9;
        if (!answered) // (asked while the sync ran)
            result.healthMs.push_back((healthAt - asked) * 1000);
        const json::Value* h = health.find("chain_height");
        if (h && h->asInt64())
            result.samples.push_back({(asked + healthAt) / 2, *h->asInt64()});
        const bool atTheEnd = !result.samples.empty() && result.samples.back().height == blocks - 1;
        if (atTheEnd && answered)
            break;
        if (answered) // the sync answered, and then the chain was short
            fail("the sync ended early: " + QString::fromUtf8(answer + request.readAll()) +
                 "\nthe syncing daemon's last words:\n" + sink.output().right(4000));
    }
    if (answeredAt < 0)
        fail("the sync's answer came, but its connection did not close");
    // The last block was in when the answer went: that is the last sample.
    while (!result.samples.empty() && result.samples.back().height == blocks - 1)
        result.samples.pop_back();
    result.samples.push_back({answeredAt, blocks - 1});
    result.seconds = answeredAt;
    const double sinkCpuAfter = cpuSeconds(sink.pid());
    const double sourceCpuAfter = cpuSeconds(source.pid());
    const double serverCpuAfter = serverCpu ? serverCpu() : -1;
    if (serverCpuBefore >= 0 && serverCpuAfter >= serverCpuBefore)
        result.serverCpu = (serverCpuAfter - serverCpuBefore) / 1000;
    if (sinkCpuBefore >= 0 && sourceCpuBefore >= 0 && sinkCpuAfter >= 0 && sourceCpuAfter >= 0) {
        result.sinkCpu = sinkCpuAfter - sinkCpuBefore;
        result.sourceCpu = sourceCpuAfter - sourceCpuBefore;
    }
    while (request.state() != QAbstractSocket::UnconnectedState && request.waitForReadyRead(60000))
        answer += request.readAll();
    answer += request.readAll();
    if (!answer.startsWith("HTTP/1.1 200"))
        fail("sync failed: " + QString::fromUtf8(answer));
    result.rate = txsAt(blocks - 1) / result.seconds;
    result.phases = phaseBreakdown(before, blockPhaseSeconds(sink.get("/metrics").body),
                                   result.seconds * 1000, txsAt(blocks - 1) / 1000);
    result.peakMb = peakMegabytes(sink.pid());
    const double writtenAfter = written(sink);
    result.writtenMb = writtenBefore >= 0 && writtenAfter >= 0 ? writtenAfter - writtenBefore : -1;
    return result;
}

double sqliteMegabytes(const QString& dataDir) {
    qint64 bytes = 0;
    for (const QFileInfo& f : QDir(dataDir).entryInfoList({"chain.sqlite*"}, QDir::Files))
        bytes += f.size();
    return double(bytes) / 1e6;
}

double postgresMegabytes(const OwnPostgres& pg) {
    return pg.number("SELECT pg_database_size(current_database())") / 1e6;
}

void report(const char* store, const SyncResult& r, double baseline, unsigned cores,
            double totalTxs, double databaseMb, const char* whatWritten) {
    std::printf("\n%s: sync of %.0f txs from a daemon on loopback\n", store, totalTxs);
    std::printf("  end to end                %10.0f tx/s   %.2fx block validation (goal >= 0.8)\n",
                r.rate, r.rate / baseline);
    std::printf("  time                      %10.1f s\n", r.seconds);
    const double first = rateAt(r.samples, 100'000);
    for (double at : {100'000.0, 500'000.0, 1'000'000.0}) {
        if (at > totalTxs)
            break;
        const double rate = rateAt(r.samples, at);
        std::printf("  rate at %7.0f txs       %10.0f tx/s   %.2fx the rate at 100 k%s\n", at, rate,
                    first > 0 ? rate / first : 0.0, at == 1'000'000.0 ? " (goal >= 0.8)" : "");
    }
    std::printf("  peak memory               %10.1f MB   (%.1f MB at start)\n", r.peakMb,
                r.startMb);
    std::printf("  database size             %10.1f MB\n", databaseMb);
    if (r.writtenMb >= 0)
        std::printf("  written                   %10.1f MB   (%.0f kB per 1,000 txs: %s)\n",
                    r.writtenMb, r.writtenMb * 1000 / (totalTxs / 1000), whatWritten);
    else
        std::printf("  written                      unknown   (%s)\n", whatWritten);
    if (!r.healthMs.empty()) {
        // What any client of the node waits for meanwhile: the node's thread serves requests
        // between slices of blocks (ChainSync::kSliceMs).
        std::vector<double> ms = r.healthMs;
        std::sort(ms.begin(), ms.end());
        std::printf("  GET /health while syncing %10.1f ms   median of %zu; 90th percentile %.1f, "
                    "slowest %.1f ms\n",
                    ms[ms.size() / 2], ms.size(), ms[ms.size() * 9 / 10], ms.back());
    }
    std::printf("  where the time went, ms per 1,000 txs:\n    %s\n", r.phases.c_str());
    // Whether the cores were the limit: the signatures' share is the baseline's (cores / rate).
    if (r.sinkCpu >= 0 && r.serverCpu >= 0)
        std::printf(
            "  CPU, ms per 1,000 txs: syncing daemon %.1f, serving daemon %.1f, the "
            "PostgreSQL server for the syncing daemon's sessions %.1f; all three %.2f of "
            "%u cores (block validation alone takes %.1f core-ms)\n",
            r.sinkCpu * 1e6 / totalTxs, r.sourceCpu * 1e6 / totalTxs, r.serverCpu * 1e6 / totalTxs,
            (r.sinkCpu + r.sourceCpu + r.serverCpu) / r.seconds, cores, cores * 1e6 / baseline);
    else if (r.sinkCpu >= 0)
        std::printf("  CPU, ms per 1,000 txs: syncing daemon %.1f, serving daemon %.1f; both %.2f "
                    "of %u cores (block validation alone takes %.1f core-ms)%s\n",
                    r.sinkCpu * 1e6 / totalTxs, r.sourceCpu * 1e6 / totalTxs,
                    (r.sinkCpu + r.sourceCpu) / r.seconds, cores, cores * 1e6 / baseline,
                    r.onServer ? "; the PostgreSQL server's: unknown (no client session of the "
                                 "daemon's found, or one ended during the sync)"
                               : "");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows when piped to a file
    node::installLogging("warning", {});
    QStringList args = app.arguments().mid(1);
    std::size_t wantedTxs = 1'000'000;
    if (const qsizetype i = args.indexOf("--txs"); i >= 0 && i + 1 < args.size()) {
        wantedTxs = args.at(i + 1).toULongLong();
        args.remove(i, 2);
    }
    const bool sqlite = args.isEmpty() || args.contains("sqlite");
    const bool postgres = args.isEmpty() || args.contains("postgres");
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("MiniBitcoin sync benchmark (%u hardware threads)\n\n", cores);
    try {
        const double baseline = blockValidationRates(cores).allThreads;
        std::printf("baseline: block validation of 1,000 txs on %u threads: %.0f tx/s\n\n", cores,
                    baseline);
        QTemporaryDir sourceDir;
        std::printf("building a chain of %zu txs (%d a block)...\n", wantedTxs, kTxsPerBlock);
        QElapsedTimer building;
        building.start();
        const int blocks = buildChain(sourceDir.path(), wantedTxs);
        const double totalTxs = txsAt(blocks - 1);
        std::printf("  %d blocks in %.1f s\n", blocks, double(building.elapsed()) / 1000);

        DaemonProcess::Options o;
        o.environment.insert("LOG_LEVEL", "warning");
        o.environment.insert("SYNC_INTERVAL", "0");
        o.dataDir = sourceDir.path();
        DaemonProcess source(o);
        QString why;
        if (!source.start(&why))
            fail("daemon did not start: " + why);

        // A fresh daemon on `databaseUrl` (empty: SQLite) syncs; returns its rate.
        const auto syncOn = [&](const char* store, const QString& databaseUrl,
                                const std::function<double(const QString& dataDir)>& megabytes,
                                const WrittenSoFar& written, const char* whatWritten,
                                const std::function<ServerCpuSoFar()>& serverCpuOfSink) {
            QTemporaryDir sinkDir;
            o.dataDir = sinkDir.path();
            o.databaseUrl = databaseUrl;
            DaemonProcess sink(o);
            if (!sink.start(&why))
                fail("daemon did not start: " + why);
            const SyncResult r = syncFrom(source, sink, blocks, written, serverCpuOfSink());
            sink.terminate();
            report(store, r, baseline, cores, totalTxs, megabytes(sinkDir.path()), whatWritten);
            return r.rate;
        };
        double sqliteRate = 0, postgresRate = 0;
        if (sqlite)
            sqliteRate = syncOn(
                "SQLite", {}, sqliteMegabytes,
                [](const DaemonProcess& sink) { return writtenMegabytes(sink.pid()); },
                "the daemon's writes: WAL, checkpoints", [] { return ServerCpuSoFar(); });
        if (postgres) {
            OwnPostgres pg;
            if (!pg.ok())
                fail("no PostgreSQL server: " + pg.why());
            postgresRate = syncOn(
                "PostgreSQL", pg.url(), [&pg](const QString&) { return postgresMegabytes(pg); },
                [&pg](const DaemonProcess&) { return pg.walMegabytes(); }, "the server's WAL",
                // The client sessions on the database when the sync starts: the syncing
                // daemon's own (the serving daemon is on SQLite; readers connect at their first
                // request, and any that do during the sync are not counted). The server runs on
                // this machine.
                [&pg] {
                    return ServerCpuSoFar([&pg, sessions = pg.sessionPids(pg.url())] {
                        return processesCpuMilliseconds(sessions);
                    });
                });
        }
        if (sqliteRate > 0 && postgresRate > 0)
            std::printf("\nPostgreSQL / SQLite, sync end to end: %.2f (goal >= 0.8)\n",
                        postgresRate / sqliteRate);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sync_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
