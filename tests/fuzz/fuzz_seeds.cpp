// Writes the fuzz targets' starting corpora from tests/data/vectors (an independent
// implementation's transactions, headers and chain) and from the REST fuzz node's chain:
//   fuzz_seeds <directory>   creates <directory>/<target>/seed-N for every target
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "net/block_page.h"
#include "rest_fuzz_chain.h"
#include "support/block_factory.h"
#include "support/test_chain.h"
#include "support/test_data.h"
#include "wallet/keystore.h"
#include "wallet/wallet_book.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace mbc;
using namespace mbc::test;

namespace {

using Seeds = std::map<std::string, std::vector<std::string>>; // target -> inputs

std::string text(const Bytes& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void vectorSeeds(Seeds& seeds) {
    for (const json::Value& entry : loadVectorEntries("transactions.json")) {
        const auto tx = txFromJson(field(entry, "tx"));
        if (!tx)
            throw std::runtime_error("transactions.json: " + tx.failure().toString());
        seeds["tx_decode"].push_back(text(encodeTx(*tx)));
        seeds["json_codec"].push_back(json::write(field(entry, "tx")));
    }
    for (const json::Value& entry : loadVectorEntries("headers.json")) {
        const auto bytes = fromHex(stringField(entry, "bytes"));
        if (!bytes)
            throw std::runtime_error("headers.json: bytes are not hex");
        seeds["block_decode"].push_back(text(*bytes));
        seeds["json_codec"].push_back(json::write(field(entry, "header")));
    }
    net::BlockPage page;
    const json::Value chainVector = loadVector("chain.json");
    for (const json::Value& b : field(chainVector, "blocks").asArray()) {
        const auto block = blockFromJson(b);
        if (!block)
            throw std::runtime_error("chain.json: " + block.failure().toString());
        seeds["block_decode"].push_back(text(encodeBlock(*block)));
        seeds["tx_decode"].push_back(text(encodeTx(block->transactions[0])));
        seeds["json_codec"].push_back(json::write(b));
        page.blocks.push_back(encodeBlock(*block));
    }
    page.tipHeight = std::int64_t(page.blocks.size()) - 1;
    seeds["block_page"].push_back(text(net::encodeBlockPage(page)));
    seeds["block_page"].push_back(text(net::encodeBlockPage({})));
    for (const char* file : {"chain.json", "headers.json", "keys.json", "merkle.json",
                             "retarget.json", "signatures.json", "varint.json"})
        seeds["json_parse"].push_back(
            readFile(std::string(MBC_TEST_DATA_DIR) + "/vectors/" + file));
    seeds["json_parse"].push_back(R"({"a":[1,-2.5e3,"\u00e9\n",true,null,{}]})");
    seeds["payment_link"] = {
        "minibitcoin:" + aliceKey().address().hex() + "?amount=12.5&label=Caf%C3%A9&message=a%20b",
        "MiniBitcoin://" + aliceKey().address().hex() + "?req-x=1&amount=0.00000001",
        "21000000.00000000",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
        "abandon about"};
    seeds["wallet_file"].push_back(
        readFile(std::string(MBC_TEST_DATA_DIR) + "/wallet/v1-wallet.json"));
    // A wallet with recovery words, keys on both chains, and a book.
    wallet::Keystore hd = wallet::Keystore::createHierarchical(
        "p",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
        "abandon about",
        wallet::KdfCost{1u << 10, 8, 1});
    hd.newKey("first");
    hd.newKey("change", wallet::KeyChain::Change);
    wallet::WalletBook book;
    book.setContact("Bob", bobKey().address());
    book.requests.push_back({hd.keys()[0].address, 250, "lunch", "thanks", 1764597600, true});
    book.frozen.insert(OutPoint{Hash256{}, 1});
    json::Value file = std::get<json::Value>(json::parse(hd.toJson()));
    file.set("book", book.toJson());
    seeds["wallet_file"].push_back(json::write(file, 2));
}

void restSeeds(Seeds& seeds) {
    const std::vector<Block> chain = restFuzzChain();
    const std::string tip = blockHash(chain.back().header).hex();
    const std::string alice = aliceKey().address().hex();
    const Transaction pay = restFuzzPayment(chain);
    BlockFactory make;
    Block next = make.genesis(aliceKey().address()); // rebuilt below on the real tip
    for (std::size_t i = 1; i < chain.size(); ++i)
        next = make.child(next, bobKey().address());
    next = make.child(next, aliceKey().address(), {pay}, COIN);
    auto& out = seeds["rest_request"];
    for (const std::string& get : std::vector<std::string>{
             "/health", "/chain", "/block/" + tip, "/block/height/2", "/blocks?from=0&limit=2",
             "/headers?locator=" + tip + "&limit=5", "/blocks/after?locator=" + tip + "&limit=1",
             "/tx/" + computeTxid(pay).hex(),
             "/merkle-proof/" + computeTxid(chain[1].transactions[0]).hex(), "/mempool",
             "/fee-estimate", "/balance/" + alice, "/utxos/" + alice, "/address/" + alice,
             "/address/" + alice + "/history?offset=0&limit=3", "/mining", "/metrics"})
        out.push_back("GET " + get + "\n\n");
    out.push_back("POST /tx\napplication/json\n" + json::write(txToJson(pay)));
    out.push_back("POST /block\napplication/json\n" + json::write(blockToJson(next)));
    out.push_back("POST /block\napplication/octet-stream\n" + text(encodeBlock(next)));
    out.push_back("POST /mine\napplication/json\n{\"miner_address\":\"" + alice + "\"}");
    out.push_back("PUT /health\n\n");
}

void chainSeeds(Seeds& seeds) {
    // Programs for fuzz_chain: a budget byte, then four-byte steps (op, block, how, param):
    // op 0-2 submits the block, 3-4 a mutated copy (how: which mutation), 5 admits headers,
    // 6 goes on with a reorg, 7 restarts. Material blocks 2 and 4 hold payments.
    const auto step = [](int op, int block, int how = 0, int param = 0) {
        return std::string{char(op), char(block), char(how), char(param)};
    };
    std::string inOrder(1, char(0)), shuffled(1, char(1)), everyMutation(1, char(2)),
        mutatedThenHonest(1, char(3));
    for (int i = 0; i < 21; ++i) {
        inOrder += step(0, i);
        shuffled += step(i % 7 == 6 ? 7 : 0, (i * 8) % 21);
    }
    // Mutated copies of a block whose parent the node has, then the honest blocks.
    for (int i = 0; i < 2; ++i)
        everyMutation += step(0, i);
    for (int i = 0; i < 4; ++i)
        mutatedThenHonest += step(0, i);
    for (int how = 0; how < 12; ++how) {
        everyMutation += step(3, 2, how, 7 + how);
        mutatedThenHonest += step(4, 4, how, 1);
    }
    for (int i = 2; i < 8; ++i) {
        everyMutation += step(0, i);
        mutatedThenHonest += step(i == 5 ? 6 : 0, i + 2);
    }
    seeds["chain"] = {inOrder, shuffled, everyMutation, mutatedThenHonest};
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_seeds <directory>\n");
        return 2;
    }
    try {
        Seeds seeds;
        vectorSeeds(seeds);
        restSeeds(seeds);
        chainSeeds(seeds);
        for (const auto& [target, inputs] : seeds) {
            const std::filesystem::path dir = std::filesystem::path(argv[1]) / target;
            std::filesystem::create_directories(dir);
            for (std::size_t i = 0; i < inputs.size(); ++i)
                std::ofstream(dir / ("seed-" + std::to_string(i)), std::ios::binary) << inputs[i];
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_seeds: %s\n", e.what());
        return 1;
    }
    return 0;
}
