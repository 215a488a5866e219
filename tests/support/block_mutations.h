#pragma once

#include "consensus/primitives/block.h"

namespace mbc::test {

// Copies of a block with the same hash that are not valid bodies of it, as anyone can make
// them: signatures and pubkeys are outside the txids, so outside the merkle root and the hash.
enum class Mutation {
    Signature,         // another valid DER signature on the first spending input
    Pubkey,            // another key's pubkey and signature on the first spending input
    CoinbaseSignature, // a signature on the coinbase input
    Padding,           // an input's pubkey grown past the block size limit
};

// `block` must hold a transaction after its coinbase (all but CoinbaseSignature change one).
Block mutated(const Block& block, Mutation how);
// The reject code the mutated copy gets.
const char* mutationCode(Mutation how);
const char* mutationName(Mutation how);

} // namespace mbc::test
