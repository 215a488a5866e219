#include "bench_support.h"

#include "consensus/crypto/header_midstate.h"
#include "consensus/crypto/keys.h"
#include "consensus/pow/network_params.h"
#include "consensus/serialize/block_serialize.h"
#include "support/test_chain.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
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

double midstateLoopRate() {
    constexpr std::uint32_t kHashes = 200'000;
    const HeaderMidstate midstate(headerBytes(sampleHeader()));
    return medianRate(
        [&] {
            for (std::uint32_t n = 0; n < kHashes; ++n)
                consume(midstate.hashWithNonce(n).bytes[0]);
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

} // namespace mbc::bench
