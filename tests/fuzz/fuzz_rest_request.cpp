// The REST API's request handling, behind Qt's HTTP parser: the announced Content-Length, the
// path and its placeholders, query values, content types and bodies, routed to the node's real
// handlers over a node with a small chain on a throwaway SQLite store. The input is
//   METHOD SP TARGET LF content-type LF body
// Every answer must be one the API documents: a handler that throws anything but ApiError
// (500) or a store failure (503) on a healthy store is a finding.
//
// The fuzzed request comes from a stranger's address without a token, so admin routes answer
// 401, and routes that make the node contact a URL (peers, sync) are left out: a fuzzer must
// never aim the node at another host.
#include "consensus/serialize/block_serialize.h"
#include "consensus/serialize/json_codec.h"
#include "fuzz_check.h"
#include "net/http_guard.h"
#include "net/node_routes.h"
#include "net/peer_network.h"
#include "net/rest_server.h"
#include "node/node.h"
#include "rest_fuzz_chain.h"
#include "json/json_value.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <set>

using namespace mbc;

namespace {

struct Service {
    QTemporaryDir dir{QDir::tempPath() + "/mbc-fuzz-rest-XXXXXX"};
    std::unique_ptr<node::Node> node;
    std::unique_ptr<net::PeerNetwork> network;
    std::unique_ptr<net::RestServer> server;
};

Service& service() {
    static Service* s = [] {
        auto* made = new Service;
        node::NodeConfig config;
        config.network = "regtest";
        config.dataDir = made->dir.path();
        config.miningThreads = 1;
        made->node = std::make_unique<node::Node>(config);
        made->node->open();
        made->network = std::make_unique<net::PeerNetwork>(*made->node, net::NetworkSettings{});
        made->server = std::make_unique<net::RestServer>(
            net::HttpLimits{}, net::AccessPolicy{0, "a token no request carries", false, {}, {}});
        net::addNodeRoutes(*made->server, *made->node, *made->network);
        // The chain fuzz_seeds builds its requests on, and a waiting payment.
        const std::vector<Block> chain = test::restFuzzChain();
        for (const Block& b : chain)
            made->node->submitBlock(b, "fuzz setup");
        (void)made->node->submitTransaction(test::restFuzzPayment(chain), "fuzz setup");
        return made;
    }();
    return *s;
}

bool contactsOtherHosts(const QString& path) {
    return path.contains("peers", Qt::CaseInsensitive) ||
           path.contains("sync", Qt::CaseInsensitive);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    static QCoreApplication app(*argc, *argv);
    if (!qEnvironmentVariableIsSet("MBC_FUZZ_VERBOSE")) // the node's log would drown the fuzzer's
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
    (void)service();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)net::contentLengthOf(input.toLower());

    const qsizetype lineEnd = input.indexOf('\n');
    const QByteArray requestLine = lineEnd < 0 ? input : input.left(lineEnd);
    const QByteArray rest = lineEnd < 0 ? QByteArray() : input.mid(lineEnd + 1);
    const qsizetype typeEnd = rest.indexOf('\n');
    const qsizetype space = requestLine.indexOf(' ');
    if (space < 0)
        return 0;
    net::IncomingRequest request;
    request.method = requestLine.left(space);
    request.url = QUrl(QString::fromUtf8(requestLine.mid(space + 1)));
    request.contentType = (typeEnd < 0 ? rest : rest.left(typeEnd)).trimmed().toLower();
    request.body = typeEnd < 0 ? QByteArray() : rest.mid(typeEnd + 1);
    request.remote = QHostAddress(QStringLiteral("192.0.2.1")); // a stranger, never contacted
    if (!request.url.isValid() || contactsOtherHosts(request.url.path()))
        return 0;

    const auto reply = service().server->dispatch(request, nullptr);
    QCoreApplication::processEvents();
    if (!reply)
        return 0; // handed over (an event stream, a deferred answer): nothing to check
    static const bool verbose = qEnvironmentVariableIsSet("MBC_FUZZ_VERBOSE");
    if (verbose)
        std::fprintf(stderr, "%d %s %s\n", reply->status, request.method.constData(),
                     qPrintable(request.url.toString()));
    static const std::set<int> documented{200, 202, 400, 401, 403, 404,
                                          405, 409, 413, 415, 421, 429};
    if (!documented.count(reply->status))
        std::fprintf(stderr, "status %d: %s\n", reply->status, reply->body.constData());
    MBC_FUZZ_CHECK(documented.count(reply->status));
    if (reply->contentType == "application/json")
        MBC_FUZZ_CHECK(parseJson(reply->body.toStdString()).ok());
    return 0;
}
