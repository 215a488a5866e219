#include "bench_support.h"

#include "chain/signature_check_pool.h"
#include "consensus/crypto/header_midstate.h"
#include "consensus/pow/network_params.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"
#include "support/proc_field.h"
#include "support/test_chain.h"
#include "wallet/private_key.h"

#include <QDir>
#include <QFile>

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace mbc::bench {
namespace {
using Clock = std::chrono::steady_clock;
volatile std::uint8_t g_sink;

} // namespace

void consume(std::uint8_t byte) {
    g_sink = byte;
}

double medianRate(const std::function<void()>& batch, double opsPerBatch, int runs,
                  double minSeconds) {
    std::vector<double> rates;
    for (int r = 0; r < runs; ++r) {
        std::size_t batches = 0;
        const auto start = Clock::now();
        double elapsed = 0;
        do {
            batch();
            ++batches;
            elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        } while (elapsed < minSeconds);
        rates.push_back(double(batches) * opsPerBatch / elapsed);
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

BlockHeader sampleHeader() {
    BlockHeader h;
    h.version = 1;
    h.prevHash.bytes.fill(0x11);
    h.merkleRoot.bytes.fill(0x22);
    h.timestamp = 1'700'000'000;
    h.target = mainParams().genesisTarget;
    return h;
}

double openSslMidstateLoopRate() {
    constexpr std::uint32_t kHashes = 200'000;
    std::array<std::uint8_t, 108> header = headerBytes(sampleHeader());
    Sha256 midstate;
    midstate.write(ByteSpan(header.data(), 64));
    return medianRate(
        [&] {
            for (std::uint32_t n = 0; n < kHashes; ++n) {
                std::memcpy(header.data() + 104, &n, 4); // little-endian, as in a header
                Sha256 inner = midstate;
                const Hash256 once = inner.write(ByteSpan(header.data() + 64, 44)).finalize();
                consume(Sha256().write(once.span()).finalize().bytes[0]);
            }
        },
        kHashes);
}

double kernelSearchRate(HeaderHashKernel kernel) {
    constexpr std::uint32_t kHashes = 200'000;
    const HeaderMidstate midstate(headerBytes(sampleHeader()), kernel);
    const std::array<std::uint8_t, 32> never{}; // a zero target: no hash meets it
    std::uint32_t first = 0;
    return medianRate(
        [&] {
            consume(midstate.search(first, first + kHashes - 1, never).has_value());
            first += kHashes;
        },
        kHashes);
}

namespace {

// Signatures of 64 digests by one key: what the verify-rate baselines check, over and over.
struct VerifyWork {
    static constexpr int kSigs = 64;
    PublicKey pub;
    std::vector<Hash256> digests;
    std::vector<Bytes> sigs;

    VerifyWork()
        : digests(kSigs)
        , sigs(kSigs) {
        const PrivateKey key = test::aliceKey();
        pub = key.publicKey();
        for (int i = 0; i < kSigs; ++i) {
            digests[std::size_t(i)].bytes.fill(std::uint8_t(i + 1));
            sigs[std::size_t(i)] = key.sign(digests[std::size_t(i)]);
        }
    }

    void verifyAll() const {
        for (int i = 0; i < kSigs; ++i)
            if (verifySignature(pub.span(), sigs[std::size_t(i)], digests[std::size_t(i)]) !=
                SignatureCheck::Valid)
                std::abort();
    }
};

// The CPUs this process may run on.
std::vector<int> allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        throw std::runtime_error("cannot read the CPUs this process may run on");
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set))
            cpus.push_back(cpu);
    if (cpus.empty())
        throw std::runtime_error("this process may run on no CPU (sched_getaffinity)");
    return cpus;
}

// Keeps the calling thread on `cpu` (Linux: pid 0 is the calling thread); false if it cannot.
bool pinTo(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0;
}

// A thread pinned to each CPU, all starting together, measures its rate as medianRate does
// (`runs` runs of at least `seconds`); the rates, in the order of `cpus`.
std::vector<double> verifyRatesAtOnce(const VerifyWork& work, const std::vector<int>& cpus,
                                      int runs, double seconds) {
    std::vector<double> rates(cpus.size());
    std::atomic<std::size_t> ready{0};
    std::atomic<bool> unpinned{false};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < cpus.size(); ++i)
        threads.emplace_back([&, i] {
            if (!pinTo(cpus[i]))
                unpinned = true;
            ++ready;
            while (ready < cpus.size()) { // (each on a core of its own: a short spin)
            }
            if (!unpinned)
                rates[i] = medianRate([&] { work.verifyAll(); }, VerifyWork::kSigs, runs, seconds);
        });
    for (std::thread& t : threads)
        t.join();
    if (unpinned)
        throw std::runtime_error("could not keep a thread on one CPU (sched_setaffinity)");
    return rates;
}

} // namespace

double singleCoreVerifyRate() {
    const VerifyWork work;
    return medianRate([&] { work.verifyAll(); }, VerifyWork::kSigs);
}

double CoreVerifyRates::together() const {
    return std::accumulate(atOnce.begin(), atOnce.end(), 0.0);
}

std::string CoreVerifyRates::describe(const std::vector<double>& rates) const {
    std::string out;
    for (std::size_t i = 0; i < cpus.size(); ++i)
        out += (i ? ", cpu " : "cpu ") + std::to_string(cpus[i]) + " " +
               std::to_string(std::lround(rates[i]));
    return out;
}

CoreVerifyRates coreVerifyRates() {
    const VerifyWork work;
    CoreVerifyRates r;
    r.cpus = allowedCpus();
    for (int cpu : r.cpus)
        r.alone.push_back(verifyRatesAtOnce(work, {cpu}, 3, 0.4).front());
    r.atOnce = verifyRatesAtOnce(work, r.cpus, 3, 1.0);
    return r;
}

BlockValidationRates blockValidationRates(unsigned cores) {
    constexpr int kTxs = 1000;
    const PrivateKey key = test::aliceKey();
    test::TestChain chain;
    chain.mineTo(key.address());
    std::vector<Transaction> txs;
    for (int i = 0; i < kTxs; ++i) {
        OutPoint op;
        op.txid.bytes.fill(0x33);
        op.index = std::uint32_t(i);
        const TxOut out{COIN, key.address()};
        chain.state().addCoin(op, Coin{out, 0, false});
        txs.push_back(
            test::makeSignedSpend({{op, out}}, key, {{COIN - 1000, test::bobKey().address()}}));
    }
    const Block block = chain.buildBlock(txs, test::carolKey().address());
    const BlockContext ctx = chain.nextContext();
    auto validateOn = [&](SignatureCheckPool& pool) {
        auto r = validateBlock(block, ctx, chain.state(), chain.state(), chain.params(), &pool);
        if (!r.ok())
            throw std::runtime_error("benchmark block invalid: " + r.failure().toString());
    };
    SignatureCheckPool onePool(1), allPool(cores);
    BlockValidationRates rates;
    rates.oneThread = medianRate([&] { validateOn(onePool); }, kTxs, 5, 1.0);
    rates.allThreads = medianRate([&] { validateOn(allPool); }, kTxs, 5, 1.0);
    rates.blockBytes = encodedBlockSize(block);
    return rates;
}

std::unique_ptr<node::Node> openRegtestNode(const QString& dataDir) {
    node::NodeConfig c;
    c.network = "regtest";
    c.dataDir = dataDir;
    c.logLevel = "warning";
    auto n = std::make_unique<node::Node>(c);
    n->open();
    return n;
}

std::array<double, kBlockPhaseCount> blockPhaseSeconds(const QByteArray& metricsText) {
    std::array<double, kBlockPhaseCount> seconds{};
    for (const QByteArray& line : metricsText.split('\n')) {
        if (!line.startsWith("minibitcoin_block_phase_seconds_total{phase=\""))
            continue;
        const qsizetype open = line.indexOf('"') + 1;
        const QByteArray phase = line.mid(open, line.indexOf('"', open) - open);
        for (std::size_t i = 0; i < kBlockPhaseCount; ++i)
            if (phase ==
                QByteArray(kBlockPhaseNames[i].data(), qsizetype(kBlockPhaseNames[i].size())))
                seconds[i] = line.mid(line.lastIndexOf(' ') + 1).toDouble();
    }
    return seconds;
}

std::string phaseBreakdown(const std::array<double, kBlockPhaseCount>& before,
                           const std::array<double, kBlockPhaseCount>& after, double totalMs,
                           double blocks) {
    std::string out;
    double sum = 0;
    char buf[64];
    for (std::size_t i = 0; i < kBlockPhaseCount; ++i) {
        const double ms = (after[i] - before[i]) * 1000 / blocks;
        sum += ms;
        std::snprintf(buf, sizeof buf, "%s%s %.1f", out.empty() ? "" : ", ",
                      std::string(kBlockPhaseNames[i]).c_str(), ms);
        out += buf;
    }
    std::snprintf(buf, sizeof buf, ", other %.1f", totalMs / blocks - sum);
    return out + buf;
}

double peakMegabytes(qint64 pid) {
    const double kb = test::procField(pid ? QStringLiteral("/proc/%1/status").arg(pid)
                                          : QStringLiteral("/proc/self/status"),
                                      "VmHWM");
    return kb < 0 ? -1 : kb / 1024.0;
}

double writtenMegabytes(qint64 pid) {
    const double bytes = test::procField(QStringLiteral("/proc/%1/io").arg(pid), "wchar");
    return bytes < 0 ? -1 : bytes / 1e6;
}

double cpuSeconds(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    // After "pid (comm) ", whose comm may hold spaces: utime and stime are fields 14 and 15.
    const QByteArray stat = file.readAll();
    const qsizetype commEnd = stat.lastIndexOf(')');
    const QList<QByteArray> fields = stat.mid(commEnd + 2).split(' ');
    if (commEnd < 0 || fields.size() < 13)
        return -1;
    const long ticks = sysconf(_SC_CLK_TCK);
    return ticks > 0 ? (fields[11].toDouble() + fields[12].toDouble()) / double(ticks) : -1;
}

double threadsCpuMilliseconds(qint64 pid) {
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    if (!tasks.exists())
        return -1;
    double ns = 0;
    bool read = false;
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(tid + QStringLiteral("/schedstat")));
        if (file.open(QIODevice::ReadOnly)) { // (a thread may end meanwhile)
            ns += file.readAll().split(' ').value(0).toDouble();
            read = true;
        }
    }
    return read ? ns / 1e6 : -1;
}

double processesCpuMilliseconds(const std::vector<qint64>& pids) {
    if (pids.empty())
        return -1;
    double ms = 0;
    for (qint64 pid : pids) {
        const double one = threadsCpuMilliseconds(pid);
        if (one < 0)
            return -1;
        ms += one;
    }
    return ms;
}

} // namespace mbc::bench
