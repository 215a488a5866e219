// The binary transaction decoder: never crashes, and what it accepts encodes back to the very
// same bytes (the format has one encoding per transaction).
#include "consensus/serialize/tx_serialize.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto tx = mbc::decodeTx(mbc::ByteSpan(data, size));
    if (tx) {
        const mbc::Bytes again = mbc::encodeTx(*tx);
        MBC_FUZZ_CHECK(again == mbc::Bytes(data, data + size));
        MBC_FUZZ_CHECK(mbc::encodedTxSize(*tx) == size);
        (void)mbc::computeTxid(*tx);
    }
    return 0;
}
