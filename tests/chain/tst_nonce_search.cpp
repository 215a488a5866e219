// The miner's nonce search, with each header kernel: solutions meet their target, and a thread
// that runs out of nonces moves the timestamp on and keeps searching.
#include <QTest>

#include "chain/nonce_search.h"
#include "consensus/pow/network_params.h"
#include "consensus/serialize/block_serialize.h"
#include "support/kernel_rows.h"

#include <condition_variable>
#include <mutex>

using namespace mbc;
using namespace mbc::test;

namespace {

// The first nonce in [0, space) whose hash at `timestamp` meets the header's target.
std::optional<std::uint32_t> firstSolution(BlockHeader header, std::uint32_t timestamp,
                                           std::uint32_t space) {
    header.timestamp = timestamp;
    for (std::uint32_t n = 0; n < space; ++n) {
        header.nonce = n;
        if (UInt256::fromBigEndian(blockHash(header).bytes) <= header.target)
            return n;
    }
    return std::nullopt;
}

// Runs a search to its solution (or gives up after 10 s).
std::optional<NonceSolution> solve(NonceSearch& search, const BlockHeader& header,
                                   unsigned threads) {
    std::mutex m;
    std::condition_variable cv;
    std::optional<NonceSolution> found;
    search.start(7, header, threads, [&](const NonceSolution& s) {
        std::lock_guard lock(m);
        found = s;
        cv.notify_all();
    });
    std::unique_lock lock(m);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return found.has_value(); });
    lock.unlock();
    search.stop();
    return found;
}

BlockHeader sampleHeader() {
    BlockHeader h;
    h.prevHash.bytes.fill(0x42);
    h.merkleRoot.bytes.fill(0x17);
    h.timestamp = 1'700'000'000;
    return h;
}

} // namespace

class TestNonceSearch : public QObject {
    Q_OBJECT
private slots:
    void solutionsMeetTheTarget_data() { addKernelRows(); }
    void solutionsMeetTheTarget() {
        QFETCH(HeaderHashKernel, kernel);
        BlockHeader h = sampleHeader();
        h.target = regtestParams().genesisTarget;
        NonceSearch search(kernel);
        const auto s = solve(search, h, 2);
        QVERIFY(s);
        QCOMPARE(s->jobId, std::uint64_t(7));
        h.nonce = s->nonce;
        h.timestamp = s->timestamp;
        QVERIFY(UInt256::fromBigEndian(blockHash(h).bytes) <= h.target);
        QVERIFY(search.hashesTried() >= 1);
    }

    // With 64 nonces per timestamp and about one hash in 128 meeting the target, find a
    // timestamp t with no solution whose successor has one: a search from t must move on to
    // t + 1 to find it.
    void anExhaustedSliceMovesTheTimestamp_data() { addKernelRows(); }
    void anExhaustedSliceMovesTheTimestamp() {
        QFETCH(HeaderHashKernel, kernel);
        constexpr std::uint32_t kSpace = 64;
        BlockHeader h = sampleHeader();
        h.target = UInt256(1) << 249;
        std::uint32_t t = h.timestamp;
        while (firstSolution(h, t, kSpace) || !firstSolution(h, t + 1, kSpace))
            ++t;
        h.timestamp = t;
        NonceSearch one(kernel, kSpace);
        const auto s = solve(one, h, 1);
        QVERIFY(s);
        QCOMPARE(s->timestamp, t + 1);
        QCOMPARE(s->nonce, *firstSolution(h, t + 1, kSpace));
        BlockHeader solved = h;
        solved.nonce = s->nonce;
        solved.timestamp = s->timestamp;
        QVERIFY(one.hashesTried() > kSpace);

        // Several threads: each slice runs out on its own, so a thread may reach a later
        // timestamp first; any solution found is past t and meets the target.
        NonceSearch three(kernel, kSpace);
        const auto s3 = solve(three, h, 3);
        QVERIFY(s3);
        QVERIFY(s3->timestamp > t);
        solved.nonce = s3->nonce;
        solved.timestamp = s3->timestamp;
        QVERIFY(UInt256::fromBigEndian(blockHash(solved).bytes) <= h.target);
    }
};

QTEST_GUILESS_MAIN(TestNonceSearch)
#include "tst_nonce_search.moc"
