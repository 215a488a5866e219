#include "net/json_views.h"
#include "net/node_api.h"
#include "net/node_routes.h"
#include "net/request_parsing.h"
#include "node/node.h"

namespace mbc::net {
namespace {

constexpr std::uint64_t kMaxMiningThreads = 256;

json::Value minedBlockJson(const node::MinedBlock& b) {
    json::Value v;
    v.set("block_hash", b.hash.hex());
    v.set("height", static_cast<std::int64_t>(b.height));
    v.set("nonce", static_cast<std::int64_t>(b.nonce));
    v.set("elapsed_seconds", decimalNumber(b.elapsedSeconds, 3));
    v.set("transactions", static_cast<std::uint64_t>(b.transactions));
    return v;
}

json::Value miningStatusJson(node::Node& node) {
    const node::MiningController& m = node.mining();
    json::Value v;
    v.set("active", m.active());
    v.set("continuous", m.continuous());
    v.set("paused", m.paused()); // waiting for the database
    const auto payee = m.continuousPayee();
    v.set("miner_address", payee ? json::Value(payee->hex()) : json::Value(nullptr));
    v.set("threads", static_cast<std::uint64_t>(m.threads()));
    v.set("default_threads", static_cast<std::uint64_t>(m.defaultThreads()));
    v.set("kernel", std::string(kernelName(m.kernel())));
    v.set("hash_rate", decimalNumber(m.hashRate(), 0));
    v.set("hashes_total", m.hashesTried());
    v.set("blocks_found", m.blocksFound());
    return v;
}

PubKeyHash minerAddress(const json::Value& body) {
    return addressParam(QString::fromStdString(stringMember(body, "miner_address")));
}

} // namespace

// MiniBitcoinPy's shape: answers once the block is connected.
void NodeApi::mine(const ApiRequest& req, const DeferredReply& reply) {
    const PubKeyHash payee = minerAddress(jsonBody(req));
    node.mining().mineOne(payee, [reply](const auto& result) {
        if (const auto* mined = std::get_if<node::MinedBlock>(&result))
            return reply.send(ApiReply::json(minedBlockJson(*mined)));
        const auto why = std::get<node::MiningStop>(result);
        reply.send(why == node::MiningStop::StoreUnavailable
                       ? ApiError{503, "store-unavailable", node::miningStopMessage(why)}
                       : ApiError{503, "mining-cancelled", node::miningStopMessage(why)});
    });
}

// Continuous mining: {"miner_address": "...", "threads": N (optional)}.
ApiReply NodeApi::startMining(const ApiRequest& req) {
    const json::Value body = jsonBody(req);
    const PubKeyHash payee = minerAddress(body);
    unsigned threads = node.mining().defaultThreads();
    if (const json::Value* t = body.find("threads")) {
        const auto n = t->asUint64();
        if (!n || *n < 1 || *n > kMaxMiningThreads)
            throw ApiError::badRequest("bad-request",
                                       QStringLiteral("threads: expected an integer from 1 "
                                                      "to %1")
                                           .arg(kMaxMiningThreads));
        threads = static_cast<unsigned>(*n);
    }
    node.mining().startContinuous(payee, threads);
    return ApiReply::json(miningStatusJson(node));
}

ApiReply NodeApi::stopMining(const ApiRequest&) {
    node.mining().stop(node::MiningStop::StoppedByApi);
    return ApiReply::json(miningStatusJson(node));
}

ApiReply NodeApi::miningStatus(const ApiRequest&) {
    return ApiReply::json(miningStatusJson(node));
}

} // namespace mbc::net
