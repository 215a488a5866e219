#include "net/node_services.h"

#include "net/node_routes.h"
#include "node/api_token.h"
#include "node/logging.h"

#include <QDir>

#include <exception>

namespace mbc::net {

std::variant<std::unique_ptr<NodeServices>, QString>
NodeServices::start(const node::NodeConfig& config) {
    if (!QDir().mkpath(config.dataDir))
        return "cannot create the data directory " + config.dataDir;
    std::unique_ptr<NodeServices> s(new NodeServices);
    s->host_ = config.host;
    s->node_ = std::make_unique<node::Node>(config);
    QString token = config.apiToken;
    try {
        s->node_->open();
        if (token.isEmpty())
            token = node::loadOrCreateApiToken(config.dataDir);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what()).simplified(); // one line, whatever the driver said
    }

    HttpLimits limits;
    limits.maxRequestBytes = config.maxRequestBytes;
    s->server_ = std::make_unique<RestServer>(
        limits, AccessPolicy{config.rateLimit, token, config.trustLoopback});
    NetworkSettings settings;
    settings.publicUrl = config.publicUrl;
    settings.bootstrapPeers = config.bootstrapPeers;
    settings.maxPeers = config.maxPeers;
    settings.syncIntervalSeconds = config.syncInterval;
    settings.banSeconds = config.banTime;
    s->network_ = std::make_unique<PeerNetwork>(*s->node_, settings);
    addNodeRoutes(*s->server_, *s->node_, *s->network_);
    if (const auto why = s->server_->listen(config.host, config.port))
        return QStringLiteral("cannot listen on %1:%2: %3 (choose another --port or NODE_PORT)")
            .arg(config.host)
            .arg(config.port)
            .arg(why->toLower());
    qCInfo(lcNode).noquote() << "node" << config.nodeName << "serving" << s->url() << "- data dir"
                             << config.dataDir;
    s->node_->resumeBackgroundWork();
    s->network_->start();
    return s;
}

NodeServices::~NodeServices() {
    if (network_) // the node opened (the network is created after that)
        node_->mining().stop(QStringLiteral("the node is shutting down"));
}

QString NodeServices::url() const {
    return QStringLiteral("http://%1:%2").arg(host_).arg(server_->port());
}

} // namespace mbc::net
