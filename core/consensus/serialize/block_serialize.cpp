#include "consensus/serialize/block_serialize.h"

#include "consensus/crypto/hashes.h"
#include "consensus/serialize/tx_serialize.h"

#include <algorithm>
#include <string>

namespace mbc {
namespace {

constexpr std::size_t kMinTxSize = 4 + 1 + 1 + 4; // version, two empty counts, locktime

void writeHeader(ByteWriter& w, const BlockHeader& h) {
    w.i32(h.version);
    w.bytes(h.prevHash.span());
    w.bytes(h.merkleRoot.span());
    w.u32(h.timestamp);
    w.bytes(h.target.toBigEndian());
    w.u32(h.nonce);
}

BlockHeader readHeader(ByteReader& r) {
    BlockHeader h;
    h.version = r.i32("version");
    r.bytes(h.prevHash.bytes, "prev_hash");
    r.bytes(h.merkleRoot.bytes, "merkle_root");
    h.timestamp = r.u32("timestamp");
    std::array<std::uint8_t, 32> target{};
    r.bytes(target, "target");
    h.target = UInt256::fromBigEndian(target);
    h.nonce = r.u32("nonce");
    return h;
}

} // namespace

std::array<std::uint8_t, HEADER_SIZE> headerBytes(const BlockHeader& header) {
    Bytes out;
    out.reserve(HEADER_SIZE);
    ByteWriter w(out);
    writeHeader(w, header);
    std::array<std::uint8_t, HEADER_SIZE> fixed{};
    std::copy(out.begin(), out.end(), fixed.begin());
    return fixed;
}

Result<BlockHeader> decodeHeader(ByteSpan bytes) {
    ByteReader r(bytes);
    BlockHeader h = readHeader(r);
    r.expectEnd("header");
    if (r.failed())
        return r.failure();
    return h;
}

Hash256 blockHash(const BlockHeader& header) {
    return sha256d(headerBytes(header));
}

std::vector<Hash256> computeTxids(const Block& block) {
    std::vector<Hash256> txids;
    txids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        txids.push_back(computeTxid(tx));
    return txids;
}

Bytes encodeBlock(const Block& block) {
    Bytes out;
    out.reserve(encodedBlockSize(block));
    ByteWriter w(out);
    writeHeader(w, block.header);
    w.varint(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        writeTx(w, tx);
    return out;
}

std::size_t encodedBlockSize(const Block& block) {
    std::size_t n = HEADER_SIZE + ByteWriter::varintSize(block.transactions.size());
    for (const Transaction& tx : block.transactions)
        n += encodedTxSize(tx);
    return n;
}

Result<Block> decodeBlock(ByteSpan bytes) {
    if (bytes.size() > MAX_BLOCK_SIZE)
        return fail(RejectCode::BlockOversize, "block of " + std::to_string(bytes.size()) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(MAX_BLOCK_SIZE));
    ByteReader r(bytes);
    Block block;
    block.header = readHeader(r);
    const std::size_t nTx = r.count(kMinTxSize, "transactions");
    block.transactions.reserve(nTx);
    for (std::size_t i = 0; i < nTx && !r.failed(); ++i)
        block.transactions.push_back(readTx(r));
    r.expectEnd("block");
    if (r.failed())
        return r.failure();
    return block;
}

} // namespace mbc
