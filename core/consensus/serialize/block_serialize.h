#pragma once

#include "consensus/primitives/block.h"
#include "consensus/result.h"

#include <array>

namespace mbc {

// The 108-byte header: version | prev_hash | merkle_root | timestamp | target (32 bytes,
// big-endian) | nonce (consensus/PROTOCOL.md §4).
std::array<std::uint8_t, HEADER_SIZE> headerBytes(const BlockHeader& header);
Result<BlockHeader> decodeHeader(ByteSpan bytes);
// sha256d of the header bytes.
Hash256 blockHash(const BlockHeader& header);
// The txids of the block's transactions, in block order.
std::vector<Hash256> computeTxids(const Block& block);

// header | varint(n_tx) | n_tx x full transaction.
Bytes encodeBlock(const Block& block);
std::size_t encodedBlockSize(const Block& block);
// Refuses inputs over MAX_BLOCK_SIZE before reading anything, then decodes strictly.
Result<Block> decodeBlock(ByteSpan bytes);

} // namespace mbc
