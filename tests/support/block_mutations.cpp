#include "support/block_mutations.h"

#include "consensus/crypto/hashes.h"
#include "support/test_chain.h"

#include <stdexcept>

namespace mbc::test {

Block mutated(const Block& block, Mutation how) {
    Block copy = block;
    if (how != Mutation::CoinbaseSignature && copy.transactions.size() < 2)
        throw std::logic_error("mutated(): the block has no transaction to change");
    TxIn& input = how == Mutation::CoinbaseSignature ? copy.transactions[0].inputs[0]
                                                     : copy.transactions[1].inputs[0];
    switch (how) {
    case Mutation::Signature: {
        const std::string other = "not the sighash";
        input.signature = carolKey().sign(
            sha256d(ByteSpan(reinterpret_cast<const std::uint8_t*>(other.data()), other.size())));
        break;
    }
    case Mutation::Pubkey:
        signInput(copy.transactions[1], 0, carolKey(), carolKey().address());
        break;
    case Mutation::CoinbaseSignature:
        input.signature = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
        break;
    case Mutation::Padding:
        input.pubkey.assign(MAX_BLOCK_SIZE, 0x02);
        break;
    }
    return copy;
}

const char* mutationCode(Mutation how) {
    switch (how) {
    case Mutation::Signature:
        return "bad-txns-signature-invalid";
    case Mutation::Pubkey:
        return "bad-txns-pubkey-hash-mismatch";
    case Mutation::CoinbaseSignature:
        return "bad-cb-malformed";
    case Mutation::Padding:
        return "bad-blk-length";
    }
    return "?";
}

const char* mutationName(Mutation how) {
    switch (how) {
    case Mutation::Signature:
        return "signature";
    case Mutation::Pubkey:
        return "pubkey";
    case Mutation::CoinbaseSignature:
        return "coinbase signature";
    case Mutation::Padding:
        return "padding";
    }
    return "?";
}

} // namespace mbc::test
