// Node benchmark, each figure next to a baseline measured in the same run:
//  1. the miner's hash rate (NonceSearch) on 1 thread vs a loop around OpenSSL with a midstate, and
//  on
//     all cores vs cores x that loop;
//  2. connecting a block of 1,000 one-input txs received over POST /block by a daemon process,
//     vs 1,000 / (cores x single-core verify rate), with where its time went; also with those
//     txs already in its mempool (their signatures cached); on SQLite and on PostgreSQL (a
//     throwaway server on a loopback port, as the tests start), and the two compared;
//  3. time from process start to the first answered GET /health, a 10,000-block store vs an
//     empty one;
//  4. 100 blocks of 1,000 txs sent one after another to one daemon, on each store: the median
//     block and the slowest (a store's periodic work, such as SQLite's checkpoints).
#include "bench_support.h"
#include "chain/nonce_search.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "node/logging.h"
#include "node/node.h"
#include "support/block_factory.h"
#include "support/daemon_process.h"
#include "support/own_postgres.h"
#include "support/test_chain.h"
#include "json/json_value.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <thread>

using namespace mbc;
using namespace mbc::test;
using namespace mbc::bench;

namespace {

// Ends the benchmark with a message; thrown so that destructors stop the daemons it started.
[[noreturn]] void fail(const QString& why) {
    throw std::runtime_error(why.toStdString());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Nonces per second NonceSearch reaches on `threads` threads over `seconds`.
double nonceSearchRate(unsigned threads, double seconds) {
    BlockHeader h = sampleHeader();
    h.target = UInt256{}; // zero: never met: the search runs until stopped
    std::vector<double> rates;
    for (int run = 0; run < 3; ++run) {
        NonceSearch search;
        const std::uint64_t before = search.hashesTried();
        QElapsedTimer clock;
        clock.start();
        search.start(1, h, threads, [](const NonceSolution&) {});
        QThread::msleep(static_cast<unsigned long>(seconds * 1000));
        search.stop();
        rates.push_back(double(search.hashesTried() - before) /
                        (double(clock.nsecsElapsed()) / 1e9));
    }
    return median(rates);
}

QByteArray bytesOf(const Block& b) {
    const Bytes raw = encodeBlock(b);
    return QByteArray(reinterpret_cast<const char*>(raw.data()), qsizetype(raw.size()));
}

// Milliseconds from starting `minibitcoin --daemon` on `dataDir` until GET /health answers 200.
double msToFirstHealth(const QString& dataDir) {
    const quint16 port = freePort();
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardOutputFile(QProcess::nullDevice());
    QProcessEnvironment env;
    env.insert("LOG_LEVEL", "warning");
    p.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    p.start(MBC_APP_PATH, {"--daemon", "--network", "regtest", "--datadir", dataDir, "--port",
                           QString::number(port)});
    double ms = -1;
    while (clock.elapsed() < 60'000 && p.state() != QProcess::NotRunning) {
        QTcpSocket s;
        s.connectToHost("127.0.0.1", port);
        if (s.waitForConnected(100)) {
            s.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            QByteArray answer;
            while (s.waitForReadyRead(1000))
                answer += s.readAll();
            if (answer.startsWith("HTTP/1.1 200")) {
                ms = double(clock.nsecsElapsed()) / 1e6;
                break;
            }
        }
        QThread::usleep(1000);
    }
    p.terminate();
    p.waitForFinished();
    return ms;
}

void benchMining(unsigned cores, double openSsl) {
    std::printf("1. Mining (NonceSearch, kernel %s, main-network target never met)\n",
                std::string(kernelName(fastestSupportedKernel())).c_str());
    const double one = nonceSearchRate(1, 1.0);
    const double all = nonceSearchRate(cores, 1.0);
    std::printf("  baseline OpenSSL midstate loop, 1 thread  %10.3f MH/s\n", openSsl / 1e6);
    std::printf("  miner, 1 thread                   %10.3f MH/s   %.2fx baseline (goal >= 1.2)\n",
                one / 1e6, one / openSsl);
    std::printf("  miner, %u threads                  %10.3f MH/s   %.2fx cores x baseline (goal "
                ">= 1.2)\n\n",
                cores, all / 1e6, all / (cores * openSsl));
}

// A daemon on a fresh store: a new database of `pg`'s server, or else SQLite in `dataDir`.
DaemonProcess::Options benchDaemon(const QString& dataDir, const OwnPostgres* pg) {
    DaemonProcess::Options o;
    o.dataDir = dataDir;
    o.environment.insert("LOG_LEVEL", "warning");
    o.environment.insert("RATE_LIMIT", "0"); // 1,000 POST /tx in a burst
    if (pg) {
        static int databases = 0;
        const QString name = QStringLiteral("block_bench_%1").arg(++databases);
        pg->connect()->execute("CREATE DATABASE " + name);
        o.databaseUrl = pg->url().section('/', 0, -2) + '/' + name;
    }
    return o;
}

// Milliseconds from sending `block` (over POST /block, to a daemon holding `setup`) to the
// answer, median of 5 runs, each on a fresh daemon. With `announced`, those txs are sent over
// POST /tx first, as a peer relays txs before the block that confirms them.
// `pg`: on a fresh database of that server each run, else on SQLite.
double postBlockMs(const std::vector<Block>& setup, const Block& block,
                   const std::vector<Transaction>& announced, const OwnPostgres* pg, unsigned cores,
                   double verifyRate) {
    const Headers binary{{"Content-Type", "application/octet-stream"}};
    const Headers jsonBody{{"Content-Type", "application/json"}};
    const QByteArray body = bytesOf(block);
    std::vector<double> times;
    std::vector<std::pair<double, std::string>> phases; // time, breakdown
    std::vector<double> exchanges;                      // a refused body's round trip
    std::vector<double> cpus;                           // the daemon's CPU for the block, ms
    std::vector<double> serverCpus; // PostgreSQL: its sessions' CPU for the block, ms
    for (int run = 0; run < 5; ++run) {
        QTemporaryDir dir;
        const DaemonProcess::Options options = benchDaemon(dir.path(), pg);
        DaemonProcess d(options);
        QString why;
        if (!d.start(&why)) {
            fail(QString::asprintf("daemon did not start: %s", qPrintable(why)));
        }
        for (const Block& b : setup)
            if (d.post("/block", bytesOf(b), binary).status != 200) {
                fail(QString::asprintf("setup blocks refused"));
            }
        for (const Transaction& tx : announced) {
            const HttpResult r =
                d.post("/tx", QByteArray::fromStdString(json::write(txToJson(tx))), jsonBody);
            if (r.status != 200) {
                fail(QString::asprintf("setup tx refused: %d %s", r.status, r.body.constData()));
            }
        }
        const auto phasesBefore = blockPhaseSeconds(d.get("/metrics").body);
        // What was written for the block: on SQLite, what the daemon passed to write calls
        // (its WAL, and its answer); on PostgreSQL, the whole server's WAL, which may also hold
        // autovacuum's work and page images written after a checkpoint.
        const auto written = [&] { return pg ? pg->walMegabytes() : writtenMegabytes(d.pid()); };
        const double writtenBefore = written();
        // The server's processes for the daemon's sessions (the server runs on this machine).
        const std::vector<qint64> sessions =
            pg ? pg->sessionPids(options.databaseUrl) : std::vector<qint64>{};
        const double serverBefore = processesCpuMilliseconds(sessions);
        const double cpuBefore = threadsCpuMilliseconds(d.pid());
        QElapsedTimer clock;
        clock.start();
        const HttpResult r = d.post("/block", body, binary);
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
        const double cpuAfter = threadsCpuMilliseconds(d.pid());
        const double serverAfter = processesCpuMilliseconds(sessions);
        const double cpuMs = cpuBefore < 0 || cpuAfter < cpuBefore ? -1 : cpuAfter - cpuBefore;
        cpus.push_back(cpuMs);
        serverCpus.push_back(
            serverBefore < 0 || serverAfter < serverBefore ? -1 : serverAfter - serverBefore);
        const double writtenKb = (written() - writtenBefore) * 1000;
        phases.push_back(
            {times.back(),
             phaseBreakdown(phasesBefore, blockPhaseSeconds(d.get("/metrics").body), times.back()) +
                 "; written " + std::to_string(std::lround(writtenKb)) +
                 (pg ? " kB of the server's WAL" : " kB") + "; the daemon's CPU " +
                 (cpuMs < 0 ? std::string("unknown")
                            : std::to_string(std::lround(cpuMs)) + " ms")});
        if (r.status != 200) {
            fail(QString::asprintf("benchmark block refused: %d %s", r.status, r.body.constData()));
        }
        // The same exchange for a body of the same size refused at decode: what the HTTP
        // exchange itself takes, part of "other".
        clock.restart();
        const HttpResult refused = d.post("/block", QByteArray(body.size(), '\0'), binary);
        exchanges.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (refused.status != 400)
            fail(QString::asprintf("a body of zeros was not refused: %d", refused.status));
        d.terminate();
    }
    std::sort(times.begin(), times.end());
    std::printf("  runs, fastest to slowest:");
    for (double t : times)
        std::printf(" %.1f", t);
    std::printf(" ms\n");
    std::sort(phases.begin(), phases.end());
    std::printf("  median run's steps, ms: %s\n", phases[phases.size() / 2].second.c_str());
    std::printf("  a body of that size refused at decode: %.1f ms (median)\n", median(exchanges));
    // On a machine kept busy, a block takes at least its CPU over the cores; the signatures'
    // part of it is fixed, the rest is the node's own.
    const double signaturesMs =
        announced.empty() ? 1000.0 * double(block.transactions.size() - 1) / verifyRate : 0.0;
    const auto anyUnknown = [](const std::vector<double>& ms) {
        return std::any_of(ms.begin(), ms.end(), [](double one) { return one < 0; });
    };
    if (anyUnknown(cpus)) {
        std::printf("  the daemon's CPU for the block: unknown (/proc/<pid>/task unreadable)\n");
    } else {
        const double cpu = median(cpus);
        std::printf(
            "  the daemon's CPU for the block: %.1f ms (median), of which signatures about %.1f "
            "(at the 1-thread rate), the rest %.1f; over %u cores, at least %.1f ms%s\n",
            cpu, signaturesMs, cpu - signaturesMs, cores, cpu / cores,
            pg ? " (the server's own CPU, on the same cores, not counted here)" : "");
    }
    if (pg && anyUnknown(serverCpus)) {
        std::printf("  the server's CPU for the block: unknown (no client session of the daemon's "
                    "found, or one ended during the block)\n");
    } else if (pg) {
        // Each run's daemon and server together: on busy cores the block takes at least that
        // over the cores. (Sessions opened during the block and the server's background
        // processes are not counted: a floor.)
        std::vector<double> both;
        for (std::size_t i = 0; i < cpus.size(); ++i)
            both.push_back(cpus[i] < 0 ? -1 : cpus[i] + serverCpus[i]);
        std::printf("  the server's CPU for the block, in the daemon's sessions: %.1f ms (median)",
                    median(serverCpus));
        if (anyUnknown(both))
            std::printf("\n");
        else
            std::printf("; with the daemon's, %.1f ms (median), over %u cores at least %.1f ms\n",
                        median(both), cores, median(both) / cores);
    }
    return median(times);
}

double benchPostBlock(unsigned cores, double verifyRate, const CoreVerifyRates& perCore,
                      const OwnPostgres* pg) {
    std::printf("2. POST /block with 1,000 one-input transactions (daemon, %s)\n",
                pg ? "PostgreSQL" : "SQLite");
    BlockFactory f;
    const PrivateKey alice = aliceKey();
    const Block genesis = f.genesis(alice.address());
    const Amount reward = f.params().blockReward;
    constexpr int kTxs = 1000;
    const Amount piece = (reward - 10'000) / kTxs;
    std::vector<TxOut> pieces(kTxs, TxOut{piece, alice.address()});
    const Spendable coinbase{OutPoint{computeTxid(genesis.transactions[0]), 0},
                             genesis.transactions[0].outputs[0]};
    const Transaction split = makeSignedSpend({coinbase}, alice, pieces);
    const Amount splitFee = reward - piece * kTxs;
    const Block b1 = f.child(genesis, alice.address(), {split}, splitFee);
    std::vector<Transaction> spends;
    const Hash256 splitId = computeTxid(split);
    for (std::uint32_t i = 0; i < kTxs; ++i)
        spends.push_back(makeSignedSpend({{OutPoint{splitId, i}, pieces[i]}}, alice,
                                         {{piece - 1000, bobKey().address()}}));
    const Block b2 = f.child(b1, alice.address(), spends, Amount(1000) * kTxs);

    const double fresh = postBlockMs({genesis, b1}, b2, {}, pg, cores, verifyRate);
    const double relayed = postBlockMs({genesis, b1}, b2, spends, pg, cores, verifyRate);
    const double ideal = 1000.0 * kTxs / (cores * verifyRate);
    std::printf("  block size %zu bytes; request to answer, median of 5 runs\n",
                encodeBlock(b2).size());
    std::printf("  baseline verify rate, 1 thread    %10.0f /s\n", verifyRate);
    std::printf("  ideal 1,000 / (%u x rate)          %10.1f ms\n", cores, ideal);
    std::printf(
        "  POST /block, txs new to the node  %10.1f ms   %.2fx the ideal rate (goal >= 0.8)\n",
        fresh, ideal / fresh);
    std::printf("  POST /block, txs in its mempool   %10.1f ms   %.2fx the ideal rate (signatures "
                "cached)\n",
                relayed, ideal / relayed);
    // The cores need not each verify at the one-thread rate while the others work too.
    const double atOnce = 1000.0 * kTxs / perCore.together();
    std::printf("  the cores verifying at once       %10.1f ms   %.2fx the ideal rate (%s /s, "
                "pinned)\n",
                atOnce, ideal / atOnce, perCore.describe(perCore.atOnce).c_str());
    std::printf("  POST /block, txs new to the node  %10.1f ms   %.2fx what the cores verify at "
                "once\n\n",
                fresh, atOnce / fresh);
    return fresh;
}

// One daemon, kept running, sent blocks of 1,000 one-input txs one after another by POST
// /block, as a node on a network is: each block's time from request to answer, against the
// same ideal as above. A store's periodic work (SQLite's checkpoints, which copy its log into
// the database and wait for the disk) falls on some blocks and not others: the slowest show it.
double benchBlocksInARow(unsigned cores, double verifyRate, const OwnPostgres* pg) {
    constexpr int kBlocks = 100;
    constexpr std::uint32_t kTxs = 1000;
    std::printf("4. POST /block on a running daemon: %d blocks of %u txs in a row (%s)\n", kBlocks,
                kTxs, pg ? "PostgreSQL" : "SQLite");
    BlockFactory f;
    const PrivateKey alice = aliceKey();
    std::vector<Block> chain{f.genesis(alice.address())};
    const Amount reward = f.params().blockReward;
    const Amount piece = (reward - 10'000) / kTxs;
    const Spendable coinbase{OutPoint{computeTxid(chain[0].transactions[0]), 0},
                             chain[0].transactions[0].outputs[0]};
    const Transaction split =
        makeSignedSpend({coinbase}, alice, std::vector<TxOut>(kTxs, TxOut{piece, alice.address()}));
    chain.push_back(f.child(chain[0], alice.address(), {split}, reward - piece * kTxs));
    std::vector<Spendable> coins;
    for (std::uint32_t i = 0; i < kTxs; ++i)
        coins.push_back({{computeTxid(split), i}, split.outputs[i]});
    constexpr Amount kFee = 100;
    for (int b = 0; b < kBlocks; ++b)
        chain.push_back(
            f.child(chain.back(), alice.address(), spendEachBack(coins, alice, kFee), kFee * kTxs));

    QTemporaryDir dir;
    DaemonProcess d(benchDaemon(dir.path(), pg));
    QString why;
    if (!d.start(&why))
        fail(QString::asprintf("daemon did not start: %s", qPrintable(why)));
    const Headers binary{{"Content-Type", "application/octet-stream"}};
    std::vector<double> times;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const QByteArray body = bytesOf(chain[i]);
        QElapsedTimer clock;
        clock.start();
        const HttpResult r = d.post("/block", body, binary);
        if (r.status != 200)
            fail(QString::asprintf("block %zu refused: %d %s", i, r.status, r.body.constData()));
        if (i >= 2) // (heights 0 and 1: the genesis and the split)
            times.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    d.terminate();
    const double ideal = 1000.0 * kTxs / (cores * verifyRate);
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    const double middle = median(times);
    const double mean = std::accumulate(times.begin(), times.end(), 0.0) / double(times.size());
    const auto slowest = std::max_element(times.begin(), times.end());
    const auto over = [&](double factor) {
        return std::count_if(times.begin(), times.end(),
                             [&](double t) { return t > factor * middle; });
    };
    std::printf("  ideal 1,000 / (%u x rate)          %10.1f ms\n", cores, ideal);
    std::printf("  median block                      %10.1f ms   %.2fx the ideal rate\n", middle,
                ideal / middle);
    std::printf("  mean (the rate over them all)     %10.1f ms   %.2fx the ideal rate\n", mean,
                ideal / mean);
    std::printf("  90th percentile                   %10.1f ms\n",
                sorted[(sorted.size() * 9 + 9) / 10 - 1]);
    std::printf("  slowest (height %3td)              %10.1f ms   %.1fx the median\n",
                slowest - times.begin() + 2, *slowest, *slowest / middle);
    std::printf("  blocks over 2x / 4x the median    %7td / %td\n", over(2), over(4));
    std::printf("  all, ms:");
    for (double t : times)
        std::printf(" %.0f", t);
    std::printf("\n\n");
    return mean;
}

void benchStartup() {
    std::printf("3. Start-up: process start to first GET /health answer (SQLite)\n");
    constexpr std::size_t kBlocks = 10'000;
    QTemporaryDir empty;
    QTemporaryDir full;
    {
        const auto node = openRegtestNode(full.path());
        node::Node& n = *node;
        BlockFactory f;
        const Block genesis = f.genesis(aliceKey().address());
        n.submitBlock(genesis, "bench");
        for (const Block& b : f.chain(genesis, kBlocks - 1, aliceKey().address()))
            if (n.submitBlock(b, "bench").kind != SubmitOutcome::Kind::Connected) {
                fail(QString::asprintf("setup block refused"));
            }
        if (n.tip().height != std::int64_t(kBlocks) - 1) {
            fail(QString::asprintf("setup chain has the wrong height"));
        }
    }
    msToFirstHealth(empty.path()); // creates the empty store and warms the page cache
    std::vector<double> emptyTimes;
    std::vector<double> fullTimes;
    for (int run = 0; run < 7; ++run) {
        emptyTimes.push_back(msToFirstHealth(empty.path()));
        fullTimes.push_back(msToFirstHealth(full.path()));
    }
    const double e = median(emptyTimes);
    const double l = median(fullTimes);
    std::printf("  empty store                       %10.1f ms   (median of %zu)\n", e,
                emptyTimes.size());
    std::printf("  %zu-block store                %10.1f ms   %.2fx empty (goal <= 1.2)\n", kBlocks,
                l, l / e);
}

// Runs `bench` (which returns a time per block) on SQLite and on a throwaway PostgreSQL server,
// each if `onStore` wants it, then compares the two rates.
void onEachStore(const std::function<bool(const char*)>& onStore, const char* what,
                 const std::function<double(const OwnPostgres* pg)>& bench) {
    double sqlite = 0, postgres = 0;
    if (onStore("sqlite"))
        sqlite = bench(nullptr);
    if (onStore("postgres")) {
        OwnPostgres pg;
        if (!pg.ok())
            fail("no PostgreSQL server: " + pg.why());
        postgres = bench(&pg);
    }
    if (sqlite > 0 && postgres > 0)
        std::printf("  PostgreSQL / SQLite, %s: %.2f (goal >= 0.8)\n\n", what, sqlite / postgres);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows when piped to a file
    node::installLogging("warning", {});
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("MiniBitcoin node benchmark (%u hardware threads)\n\n", cores);
    const double openSsl = openSslMidstateLoopRate();
    const double verifyRate = singleCoreVerifyRate();
    // With arguments, only the parts named (mining, block, startup, running) and, for `block`
    // and `running`, only the stores named (sqlite, postgres).
    QStringList parts = app.arguments().mid(1);
    QStringList stores;
    for (const char* store : {"sqlite", "postgres"})
        if (parts.removeAll(store) > 0)
            stores << store;
    const auto wanted = [&](const char* part) { return parts.isEmpty() || parts.contains(part); };
    const auto onStore = [&](const char* s) { return stores.isEmpty() || stores.contains(s); };
    try {
        if (wanted("mining"))
            benchMining(cores, openSsl);
        if (wanted("block")) {
            const CoreVerifyRates perCore = coreVerifyRates();
            onEachStore(onStore, "block connection rate", [&](const OwnPostgres* pg) {
                return benchPostBlock(cores, verifyRate, perCore, pg);
            });
        }
        if (wanted("startup"))
            benchStartup();
        if (wanted("running"))
            onEachStore(onStore, "blocks in a row (mean)", [&](const OwnPostgres* pg) {
                return benchBlocksInARow(cores, verifyRate, pg);
            });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "node_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
