#include "support/test_chain.h"

#include "consensus/crypto/merkle.h"
#include "consensus/pow/target_rule.h"
#include "consensus/pow/work.h"
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/tx_serialize.h"

#include <map>
#include <stdexcept>

namespace mbc::test {
namespace {

PrivateKey keyFromHex(const char* hex) {
    auto key = PrivateKey::fromHex(hex);
    if (!key)
        throw std::logic_error("bad test key");
    return *key;
}

} // namespace

PrivateKey aliceKey() {
    return keyFromHex("d40b9550743b3316634617055a84b429534e7978421a76e4e14c5c87376a17b8");
}
PrivateKey bobKey() {
    return keyFromHex("dcc1e8d7da4ac43ac1bc68c247f7eb1c37d99134466d59f20200a47a511fec5f");
}
PrivateKey carolKey() {
    return keyFromHex("b63c8db713181b0869e8f1d0f84e0dd8d691ee9e0d5aea2e55dd725302a47409");
}

void signInput(Transaction& tx, std::size_t index, const PrivateKey& key,
               const PubKeyHash& spentPubkeyHash) {
    const PublicKey pub = key.publicKey();
    tx.inputs[index].pubkey.assign(pub.begin(), pub.end());
    tx.inputs[index].signature = key.sign(computeSighash(tx, index, spentPubkeyHash));
}

Transaction makeSignedSpend(const std::vector<Spendable>& inputs, const PrivateKey& key,
                            const std::vector<TxOut>& outputs) {
    Transaction tx;
    tx.version = 1;
    for (const Spendable& s : inputs)
        tx.inputs.push_back(TxIn{s.outpoint, {}, {}});
    tx.outputs = outputs;
    for (std::size_t i = 0; i < inputs.size(); ++i)
        signInput(tx, i, key, inputs[i].output.pubkeyHash);
    return tx;
}

std::vector<Transaction> spendEachBack(std::vector<Spendable>& coins, const PrivateKey& key,
                                       Amount fee) {
    std::vector<Transaction> txs;
    txs.reserve(coins.size());
    for (Spendable& coin : coins) {
        txs.push_back(makeSignedSpend({coin}, key, {{coin.output.amount - fee, key.address()}}));
        coin = {{computeTxid(txs.back()), 0}, txs.back().outputs[0]};
    }
    return txs;
}

void mine(BlockHeader& header) {
    for (header.nonce = 0;; ++header.nonce) {
        if (hashMeetsTarget(blockHash(header), header.target))
            return;
        if (header.nonce == 0xFFFFFFFFu)
            throw std::runtime_error("no nonce meets the target");
    }
}

TestChain::TestChain(NetworkParams params, std::uint32_t genesisTime)
    : params_(std::move(params))
    , genesisTime_(genesisTime) {}

Block blockOn(const Block& parent, std::vector<Transaction> txs) {
    Block b;
    b.header.version = 1;
    b.header.prevHash = blockHash(parent.header);
    b.header.timestamp = parent.header.timestamp + 1;
    b.header.target = parent.header.target;
    b.transactions = std::move(txs);
    TestChain::reseal(b);
    return b;
}

BlockContext TestChain::nextContext() const {
    BlockContext ctx;
    if (headers_.empty()) {
        ctx.now = genesisTime_ + 60;
        return ctx;
    }
    ParentInfo parent;
    parent.hash = hashes_.back();
    parent.height = tipHeight();
    parent.target = headers_.back().target;
    const std::size_t first = headers_.size() > 11 ? headers_.size() - 11 : 0;
    for (std::size_t i = first; i < headers_.size(); ++i)
        parent.recentTimestamps.push_back(headers_[i].timestamp);
    ctx.parent = parent;
    ctx.now = headers_.back().timestamp + 60;
    return ctx;
}

Amount TestChain::feesOf(const std::vector<Transaction>& txs) const {
    std::map<OutPoint, Amount> earlier; // outputs of earlier txs in the same block
    Amount fees = 0;
    for (const Transaction& tx : txs) {
        Amount in = 0, out = 0;
        for (const TxIn& i : tx.inputs) {
            if (auto it = earlier.find(i.prevout); it != earlier.end())
                in += it->second;
            else if (auto c = state_.coin(i.prevout))
                in += c->output.amount;
        }
        const Hash256 txid = computeTxid(tx);
        for (std::size_t o = 0; o < tx.outputs.size(); ++o) {
            out += tx.outputs[o].amount;
            earlier[{txid, static_cast<std::uint32_t>(o)}] = tx.outputs[o].amount;
        }
        fees += in > out ? in - out : 0;
    }
    return fees;
}

Block TestChain::buildBlock(const std::vector<Transaction>& txs, const PubKeyHash& payee,
                            std::optional<std::uint32_t> timestamp) const {
    const BlockContext ctx = nextContext();
    Block block;
    block.header.version = 1;
    if (ctx.parent) {
        block.header.prevHash = ctx.parent->hash;
        block.header.timestamp = timestamp ? *timestamp : headers_.back().timestamp + 10;
        block.header.target =
            expectedTarget(params_, ctx.height(), ctx.parent->target, ctx.parent->recentTimestamps);
    } else {
        block.header.timestamp = timestamp ? *timestamp : genesisTime_;
        block.header.target = params_.genesisTarget;
    }
    block.transactions.push_back(
        makeCoinbase(ctx.height(), params_.blockReward + feesOf(txs), payee));
    block.transactions.insert(block.transactions.end(), txs.begin(), txs.end());
    reseal(block);
    return block;
}

void TestChain::reseal(Block& block) {
    std::vector<Hash256> txids;
    for (const Transaction& tx : block.transactions)
        txids.push_back(computeTxid(tx));
    block.header.merkleRoot = merkleRoot(txids);
    mine(block.header);
}

Result<BlockUtxoChanges> TestChain::validate(const Block& block,
                                             SignatureJobRunner* signatures) const {
    return validateBlock(block, nextContext(), state_, state_, params_, signatures);
}

BlockUtxoChanges TestChain::connect(const Block& block) {
    auto result = validate(block);
    if (!result)
        throw std::runtime_error("test block rejected: " + result.failure().toString());
    state_.apply(*result);
    headers_.push_back(block.header);
    hashes_.push_back(result->blockHash);
    return *result;
}

Spendable TestChain::mineTo(const PubKeyHash& payee) {
    const Block block = buildBlock({}, payee);
    const BlockUtxoChanges changes = connect(block);
    return Spendable{OutPoint{changes.txids[0], 0}, block.transactions[0].outputs[0]};
}

} // namespace mbc::test
