#include "consensus/crypto/header_hash_job.h"

namespace mbc {
namespace {

std::uint32_t bigEndianWord(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

void runFixedRounds(HeaderHashJob& job) {
    sha2::State s = job.midstate;
    for (std::size_t i = 0; i < kRoundsBeforeNonce; ++i)
        sha2::round(s, job.secondBlock[i] + sha2::kRoundConstants[i]);
    job.afterFixedRounds = s;
}

} // namespace

HeaderHashJob makeHeaderHashJob(const std::array<std::uint8_t, 108>& header) {
    HeaderHashJob job;
    sha2::Block first{};
    for (std::size_t i = 0; i < 16; ++i)
        first[i] = bigEndianWord(header.data() + 4 * i);
    job.midstate = sha2::compress(sha2::kInitialState, first);
    for (std::size_t i = 0; i < kNonceWord; ++i)
        job.secondBlock[i] = bigEndianWord(header.data() + 64 + 4 * i);
    job.secondBlock[11] = 0x80000000; // the padding's 1 bit
    job.secondBlock[15] = 108 * 8;    // the message length in bits
    runFixedRounds(job);
    return job;
}

void setJobTimestamp(HeaderHashJob& job, std::uint32_t timestamp) {
    job.secondBlock[kTimestampWord] = headerFieldWord(timestamp);
    runFixedRounds(job);
}

} // namespace mbc
