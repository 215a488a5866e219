// The SHA-NI header kernel (x86 SHA extensions), two nonces at a time.
//
// sha256rnds2 does two rounds and its result feeds the next one, so a single hash waits on
// the instruction's latency; two independent hashes interleaved keep the unit busy. What does
// not depend on the nonce comes from the job: the first block's state, and the second block's
// first 10 rounds. The state lives in two registers as the instructions want it: ABEF and CDGH
// (lane 3 holds A and C).
#include "consensus/crypto/header_hash_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define MBC_SHA_NI __attribute__((target("sha,sse4.1,ssse3")))

namespace mbc {
namespace {

struct Lane {
    __m128i abef;
    __m128i cdgh;
};

MBC_SHA_NI inline __m128i load(const std::uint32_t* words) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(words));
}

MBC_SHA_NI inline __m128i roundConstants(int group) {
    return load(sha2::kRoundConstants.data() + 4 * group);
}

MBC_SHA_NI inline Lane pack(const sha2::State& s) {
    const __m128i badc = _mm_shuffle_epi32(load(s.data()), 0xB1);
    const __m128i hgfe = _mm_shuffle_epi32(load(s.data() + 4), 0x1B);
    return {_mm_alignr_epi8(badc, hgfe, 8), _mm_blend_epi16(hgfe, badc, 0xF0)};
}

// The state back as words a..d and e..h (lane 0 first): a hash's words, or the next message.
MBC_SHA_NI inline void unpack(const Lane& l, __m128i& abcd, __m128i& efgh) {
    const __m128i abef = _mm_shuffle_epi32(l.abef, 0x1B);
    const __m128i ghcd = _mm_shuffle_epi32(l.cdgh, 0xB1);
    abcd = _mm_blend_epi16(abef, ghcd, 0xF0);
    efgh = _mm_alignr_epi8(ghcd, abef, 8);
}

// Two rounds with the message-plus-constant words in lanes 0 and 1 of `wk`.
MBC_SHA_NI inline void twoRounds(Lane& l, __m128i wk) {
    const __m128i abef = _mm_sha256rnds2_epu32(l.cdgh, l.abef, wk);
    l.cdgh = l.abef;
    l.abef = abef;
}

MBC_SHA_NI inline void fourRounds(Lane& a, Lane& b, __m128i wkA, __m128i wkB) {
    a.cdgh = _mm_sha256rnds2_epu32(a.cdgh, a.abef, wkA);
    b.cdgh = _mm_sha256rnds2_epu32(b.cdgh, b.abef, wkB);
    a.abef = _mm_sha256rnds2_epu32(a.abef, a.cdgh, _mm_shuffle_epi32(wkA, 0x0E));
    b.abef = _mm_sha256rnds2_epu32(b.abef, b.cdgh, _mm_shuffle_epi32(wkB, 0x0E));
}

// Message words i+16..i+19 from words i..i+15 (four registers of four).
MBC_SHA_NI inline __m128i nextWords(__m128i w0, __m128i w1, __m128i w2, __m128i w3) {
    return _mm_sha256msg2_epu32(
        _mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3);
}

// Rounds 16..63 of two lanes whose message words 0..15 are w[0..3] per lane.
MBC_SHA_NI inline void scheduledRounds(Lane& a, Lane& b, __m128i wa[4], __m128i wb[4]) {
    for (int group = 4; group < 16; ++group) {
        const __m128i na = nextWords(wa[0], wa[1], wa[2], wa[3]);
        const __m128i nb = nextWords(wb[0], wb[1], wb[2], wb[3]);
        const __m128i k = roundConstants(group);
        fourRounds(a, b, _mm_add_epi32(na, k), _mm_add_epi32(nb, k));
        wa[0] = wa[1], wa[1] = wa[2], wa[2] = wa[3], wa[3] = na;
        wb[0] = wb[1], wb[1] = wb[2], wb[2] = wb[3], wb[3] = nb;
    }
}

MBC_SHA_NI inline void addState(Lane& l, const Lane& chaining) {
    l.abef = _mm_add_epi32(l.abef, chaining.abef);
    l.cdgh = _mm_add_epi32(l.cdgh, chaining.cdgh);
}

} // namespace

MBC_SHA_NI void hashPairShaNi(const HeaderHashJob& job, std::uint32_t nonce, HashWordsPair& out) {
    // Inner hash, second block, from round 10 on. Words 8..11 hold the nonce (word 10).
    const Lane fixed = pack(job.afterFixedRounds);
    Lane a = fixed, b = fixed;
    __m128i wa[4] = {load(job.secondBlock.data()), load(job.secondBlock.data() + 4),
                     load(job.secondBlock.data() + 8), load(job.secondBlock.data() + 12)};
    wa[2] = _mm_insert_epi32(wa[2], int(headerFieldWord(nonce)), 2);
    __m128i wb[4] = {wa[0], wa[1], _mm_insert_epi32(wa[2], int(headerFieldWord(nonce + 1)), 2),
                     wa[3]};
    const __m128i k8 = roundConstants(2);
    twoRounds(a, _mm_shuffle_epi32(_mm_add_epi32(wa[2], k8), 0x0E)); // rounds 10, 11
    twoRounds(b, _mm_shuffle_epi32(_mm_add_epi32(wb[2], k8), 0x0E));
    const __m128i wk12 = _mm_add_epi32(wa[3], roundConstants(3)); // padding only: same for both
    fourRounds(a, b, wk12, wk12);
    scheduledRounds(a, b, wa, wb);
    const Lane midstate = pack(job.midstate);
    addState(a, midstate);
    addState(b, midstate);

    // Outer hash: one block of the 32-byte inner hash and constant padding.
    const __m128i padding0 = _mm_set_epi32(0, 0, 0, int(0x80000000));
    const __m128i padding1 = _mm_set_epi32(256, 0, 0, 0);
    unpack(a, wa[0], wa[1]);
    unpack(b, wb[0], wb[1]);
    wa[2] = wb[2] = padding0;
    wa[3] = wb[3] = padding1;
    const Lane initial = pack(sha2::kInitialState);
    a = b = initial;
    for (int group = 0; group < 4; ++group) {
        const __m128i k = roundConstants(group);
        fourRounds(a, b, _mm_add_epi32(wa[group], k), _mm_add_epi32(wb[group], k));
    }
    scheduledRounds(a, b, wa, wb);
    addState(a, initial);
    addState(b, initial);

    __m128i abcd, efgh;
    unpack(a, abcd, efgh);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[0].data()), abcd);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[0].data() + 4), efgh);
    unpack(b, abcd, efgh);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[1].data()), abcd);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out[1].data() + 4), efgh);
}

} // namespace mbc
#endif
