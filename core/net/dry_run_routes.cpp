// POST /tx/check and POST /block/check: the validation X-ray's dry runs over REST.
#include "consensus/serialize/json_codec.h"
#include "net/charged_work.h"
#include "net/node_api.h"
#include "net/peer_network.h"
#include "net/request_parsing.h"
#include "node/node.h"

namespace mbc::net {
namespace {

QString workText(const node::DryRunWork& w) {
    return QStringLiteral("%1 signatures and %2 MB of sighash preimages")
        .arg(w.signatures)
        .arg(double(w.sighashBytes) / 1e6, 0, 'f', 1);
}

// A dry run for whoever asks (chargedWork): a refusal is what a student asks to see, so
// nothing is an offence; more work than a public request may cause is refused before it starts.
template <typename Decode, typename Check>
ApiReply dryRun(PeerNetwork& network, const ApiRequest& req, Decode decode, Check check) {
    return chargedWork(network, req, [&](const PushSender& sender) {
        const auto subject = decode();
        const node::DryRunWork work = node::dryRunWork(subject);
        if (!sender.owner && !work.within(node::kPublicDryRunWork))
            throw ApiError{413, "dry-run-too-costly",
                           "checking this would take " + workText(work) +
                               "; a request from another machine may take at most " +
                               workText(node::kPublicDryRunWork) +
                               " (the node's owner is not limited)"};
        return ApiReply::json(node::validationReportToJson(check(subject)));
    });
}

} // namespace

// The verdict and every rule checked, with its values; nothing is stored or relayed.
ApiReply NodeApi::checkBlock(const ApiRequest& req) {
    return dryRun(
        network, req, [&req] { return blockFromBody(req); },
        [this](const Block& block) { return node.checkBlock(block); });
}

ApiReply NodeApi::checkTransaction(const ApiRequest& req) {
    return dryRun(
        network, req,
        [&req] {
            auto decoded = txFromJson(jsonBody(req));
            if (!decoded)
                throw ApiError::fromFailure(decoded.failure());
            return std::move(decoded).value();
        },
        [this](const Transaction& tx) { return node.checkTransaction(tx); });
}

} // namespace mbc::net
