#include "net/node_routes.h"
#include "node/node.h"

namespace mbc::net {

void addEventStream(RestServer& server, node::Node& node) {
    server.routeEventStream("/events");
    // A block joining or leaving the active chain: {"block_hash", "height"}.
    const auto blockEvent = [&server](QByteArray name) {
        return [&server, name](const QString& hash, quint32 height) {
            json::Value v;
            v.set("block_hash", hash.toStdString());
            v.set("height", height);
            server.publish(name, v);
        };
    };
    QObject::connect(&node, &node::Node::chainBlockConnected, &server, blockEvent("block"));
    QObject::connect(&node, &node::Node::chainBlockDisconnected, &server,
                     blockEvent("block-disconnected"));
    QObject::connect(&node, &node::Node::chainTipChanged, &server,
                     [&server](qint64 height, const QString& hash) {
                         json::Value v;
                         v.set("height", std::int64_t(height));
                         v.set("tip_hash", hash.toStdString());
                         server.publish("tip", v);
                     });
    QObject::connect(&node, &node::Node::transactionAccepted, &server,
                     [&server](const QString& txid, qint64 fee) {
                         json::Value v;
                         v.set("txid", txid.toStdString());
                         v.set("fee", std::int64_t(fee));
                         server.publish("tx", v);
                     });
}

} // namespace mbc::net
