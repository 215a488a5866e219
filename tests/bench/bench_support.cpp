#include "bench_support.h"

#include "chain/signature_check_pool.h"
#include "consensus/crypto/header_midstate.h"
#include "consensus/pow/network_params.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"
#include "support/proc_field.h"
#include "support/test_chain.h"
#include "wallet/private_key.h"

#include <QFile>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
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

double singleCoreVerifyRate() {
    const PrivateKey key = test::aliceKey();
    const PublicKey pub = key.publicKey();
    constexpr int kSigs = 64;
    std::vector<Hash256> digests(kSigs);
    std::vector<Bytes> sigs(kSigs);
    for (int i = 0; i < kSigs; ++i) {
        digests[std::size_t(i)].bytes.fill(std::uint8_t(i + 1));
        sigs[std::size_t(i)] = key.sign(digests[std::size_t(i)]);
    }
    return medianRate(
        [&] {
            for (int i = 0; i < kSigs; ++i)
                if (verifySignature(pub.span(), sigs[std::size_t(i)], digests[std::size_t(i)]) !=
                    SignatureCheck::Valid)
                    std::abort();
        },
        kSigs);
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

} // namespace mbc::bench
