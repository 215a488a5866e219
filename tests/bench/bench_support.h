#pragma once

#include "chain/block_phase_timings.h"
#include "consensus/crypto/header_hash_kernels.h"
#include "consensus/primitives/block.h"
#include "node/node.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mbc::bench {

// Runs `batch` (which performs `opsPerBatch` operations) until at least `minSeconds` have
// passed, `runs` times; returns the median rate in operations per second.
double medianRate(const std::function<void()>& batch, double opsPerBatch, int runs = 5,
                  double minSeconds = 0.4);

// A main-network header (its target is what a miner faces).
BlockHeader sampleHeader();

// The mining baseline: a tight loop around OpenSSL's SHA-256 (its SHA-NI code where the CPU
// has it) with the header's first block precomputed, two compressions per nonce; one thread,
// nonces per second.
double openSslMidstateLoopRate();

// HeaderMidstate::search with `kernel` over nonces that never meet the target; one thread.
double kernelSearchRate(HeaderHashKernel kernel);

// secp256k1 verifications per second on one thread.
double singleCoreVerifyRate();

// secp256k1 verifications per second on each CPU this process may use, a thread pinned to each:
// alone (one CPU at a time) and all at once. The goals' ideal is cores x the one-thread rate,
// which assumes every core verifies as fast as the fastest while the others work too; on a
// virtual machine whose vCPUs share their host's cores with other work they do not, and
// `together()` is what the cores can verify at once, the most any code could reach.
struct CoreVerifyRates {
    std::vector<int> cpus;
    std::vector<double> alone;
    std::vector<double> atOnce;
    double together() const;
    // "cpu 0 19301, cpu 1 28022" for `alone` or `atOnce`.
    std::string describe(const std::vector<double>& rates) const;
};
CoreVerifyRates coreVerifyRates();

// Validation of a block of 1,000 one-input transactions (validateBlock with the signature
// pool), in transactions per second: the foundation benchmark's figure.
struct BlockValidationRates {
    double oneThread = 0;
    double allThreads = 0; // on `cores` threads
    std::size_t blockBytes = 0;
};
BlockValidationRates blockValidationRates(unsigned cores);

// Keeps results observable so the measured work is not optimized away.
void consume(std::uint8_t byte);

// A regtest node on the store in `dataDir` (created if missing), logging warnings only: what the
// benchmarks build their chains in.
std::unique_ptr<node::Node> openRegtestNode(const QString& dataDir);

// A daemon's minibitcoin_block_phase_seconds_total counters from its GET /metrics answer, in
// BlockPhase order.
std::array<double, kBlockPhaseCount> blockPhaseSeconds(const QByteArray& metricsText);
// "decode 1.2, header 0.1, ..." in milliseconds, of `after - before` over `blocks` blocks,
// with what the phases leave of `totalMs` as "other".
std::string phaseBreakdown(const std::array<double, kBlockPhaseCount>& before,
                           const std::array<double, kBlockPhaseCount>& after, double totalMs,
                           double blocks = 1);

// Peak resident memory (VmHWM) of process `pid` (0: this one), in MB; -1 if unknown.
double peakMegabytes(qint64 pid = 0);
// Bytes the process has passed to write calls so far (/proc/<pid>/io wchar: files, and sockets
// written with write(), not send()), in MB; -1 if unknown. For a store's writes this moves far
// less from run to run than time does: it counts work, not how fast the machine did it (but a
// sync commits every 100 ms, so a slower run commits fewer blocks at a time and writes a bit more).
double writtenMegabytes(qint64 pid);
// CPU time process `pid` has used so far, all its threads, user and system, in seconds; -1 if
// unknown.
double cpuSeconds(qint64 pid);
// CPU time used so far by the threads process `pid` has now, in milliseconds, to the
// nanosecond (/proc/<pid>/task/*/schedstat; cpuSeconds counts in clock ticks, 10 ms). Threads
// that have ended are not counted, so a difference of two readings is only the work of
// threads alive at both (node_bench: the daemon's long-lived ones). -1 if unknown.
double threadsCpuMilliseconds(qint64 pid);
// The sum of threadsCpuMilliseconds over `pids` (node_bench and sync_bench: the PostgreSQL
// server's processes for a daemon's sessions); -1 if there are none or one is unknown.
double processesCpuMilliseconds(const std::vector<qint64>& pids);

} // namespace mbc::bench
