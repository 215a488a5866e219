// Consensus benchmark: header hashing (one-shot, OpenSSL with a midstate, each mining kernel),
// secp256k1 verification on one core and on each core (alone and all at once), and validation
// of a block of 1,000 one-input transactions on 1 thread and on all cores, next to the ideal
// (cores x single-core verify rate) and to what the cores verify at once. Every figure is the
// median of several timed runs, and every ratio compares figures from this same run.
#include "bench_support.h"
#include "chain/signature_check_pool.h"
#include "consensus/crypto/header_hash_kernels.h"
#include "consensus/crypto/public_key.h"
#include "consensus/rules/block_validation.h"
#include "consensus/serialize/block_serialize.h"
#include "support/test_chain.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace mbc;
using namespace mbc::test;
using namespace mbc::bench;
using Clock = std::chrono::steady_clock;

int main() {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::printf("MiniBitcoin consensus benchmark (%u hardware threads)\n\n", cores);

    // 1. Header hashing.
    constexpr std::uint32_t kHashes = 200'000;
    BlockHeader header = sampleHeader();
    const double oneShot = medianRate(
        [&] {
            for (std::uint32_t n = 0; n < kHashes; ++n) {
                header.nonce = n;
                consume(blockHash(header).bytes[0]);
            }
        },
        kHashes);
    const double openSsl = openSslMidstateLoopRate();
    std::printf("Header hashing, sha256d of 108 bytes, 1 thread\n");
    std::printf("  one-shot (serialize + 3 compressions)   %10.3f MH/s\n", oneShot / 1e6);
    std::printf("  baseline: OpenSSL with the first block\n"
                "    precomputed (2 compressions a nonce)  %10.3f MH/s   %.2fx one-shot\n",
                openSsl / 1e6, openSsl / oneShot);
    for (HeaderHashKernel k : kAllKernels) {
        if (!kernelSupported(k)) {
            std::printf("  kernel %-8s (not on this CPU)\n", std::string(kernelName(k)).c_str());
            continue;
        }
        const double rate = kernelSearchRate(k);
        std::printf("  kernel %-8s                        %10.3f MH/s   %.2fx baseline%s\n",
                    std::string(kernelName(k)).c_str(), rate / 1e6, rate / openSsl,
                    k == fastestSupportedKernel() ? "  (the miner's; goal >= 1.2)" : "");
    }
    std::printf("\n");

    // 2. Signature verification on one core, and on each core.
    const double verifyRate = singleCoreVerifyRate();
    const CoreVerifyRates perCore = coreVerifyRates();
    std::printf("secp256k1 ECDSA verification, verifications/s\n");
    std::printf("  1 thread                  %10.0f   (the ideal below: cores x this)\n",
                verifyRate);
    std::printf("  each core alone, pinned   %s\n", perCore.describe(perCore.alone).c_str());
    std::printf("  all cores at once, pinned %10.0f   %.2fx cores x 1 thread (%s)\n\n",
                perCore.together(), perCore.together() / (cores * verifyRate),
                perCore.describe(perCore.atOnce).c_str());

    // 3. A block of 1,000 one-input transactions.
    const BlockValidationRates rates = blockValidationRates(cores);
    const double oneThread = rates.oneThread;
    const double allThreads = rates.allThreads;
    const double ideal = cores * verifyRate;
    std::printf("Block validation, 1,000 one-input transactions (%zu bytes)\n", rates.blockBytes);
    std::printf("  1 thread      %10.0f tx/s   %.2fx the single-core verify rate\n", oneThread,
                oneThread / verifyRate);
    std::printf("  %u thread(s)   %10.0f tx/s   %.2fx speed-up over 1 thread\n", cores, allThreads,
                allThreads / oneThread);
    std::printf("  ideal         %10.0f tx/s   (%u cores x %.0f verifications/s)\n", ideal, cores,
                verifyRate);
    std::printf("  all cores / ideal = %.2f; / what the cores verify at once (%.0f/s) = %.2f\n",
                allThreads / ideal, perCore.together(), allThreads / perCore.together());
    return 0;
}
