#include "node/node_services.h"

#include "node/data_dir.h"

#include "net/node_routes.h"
#include "net/read_pool.h"
#include "node/api_token.h"
#include "node/logging.h"
#include "node/node_settings.h"
#include "node/private_paths.h"

#include <QDir>

#include <QUrl>
#include <algorithm>

#include <exception>

namespace mbc::node {

namespace {

StartFailure::Reason reasonOf(store::StoreError::Kind kind) {
    using Kind = store::StoreError::Kind;
    using Reason = StartFailure::Reason;
    switch (kind) {
    case Kind::DriverMissing:
        return Reason::DriverMissing;
    case Kind::CannotOpen:
    case Kind::Unreachable:
        return Reason::DatabaseUnopened;
    case Kind::NewerSchema:
        return Reason::StoreTooNew;
    case Kind::OtherChain:
        return Reason::StoreOfOtherChain;
    case Kind::Corrupt:
        return Reason::StoreCorrupt;
    case Kind::Failed:
    case Kind::Full:
    case Kind::Unwritable:
        break;
    }
    return Reason::StoreFailed;
}

// Which settings a .env gave: the file may be one someone else put in the working directory,
// and those that decide who reaches the node, or which chain it follows, are worth a look.
void logDotEnvSettings(const NodeConfig& config) {
    if (config.fromDotEnv.isEmpty())
        return;
    const QStringList access = [&] {
        QStringList names;
        for (const QString& name : config.fromDotEnv)
            if (const Setting* s = findSetting(name);
                s && s->fromDotEnv == Setting::FromDotEnv::TakenWithWarning)
                names << name;
        return names;
    }();
    if (access.isEmpty()) {
        qCInfo(lcNode).noquote() << "settings from" << config.dotEnvPath << "-"
                                 << config.fromDotEnv.join(", ");
        return;
    }
    qCWarning(lcNode).noquote()
        << "settings from" << config.dotEnvPath << "-" << config.fromDotEnv.join(", ")
        << "- among them what decides who can reach this node, or which chain it follows (" +
               access.join(", ") + "): if you did not write that file, stop the node and remove it";
}

} // namespace

std::variant<std::unique_ptr<NodeServices>, StartFailure>
NodeServices::start(const NodeConfig& config) {
    using Reason = StartFailure::Reason;
    if (!makeDataDir(config.dataDir))
        return StartFailure{Reason::DataDirectory,
                            "cannot create the data directory " + config.dataDir,
                            config.dataDir,
                            {}};
    if (const auto why = whyDirectoryIsNotPrivate(config.dataDir))
        return StartFailure{Reason::NotPrivate, *why, config.dataDir, *why};
    std::unique_ptr<NodeServices> s(new NodeServices);
    s->host_ = config.host;
    s->node_ = std::make_unique<Node>(config);
    QString token = config.apiToken;
    try {
        // A token file that is not the user's alone is refused before the store is made; one
        // is written only once open() holds the data directory's lock.
        if (token.isEmpty())
            checkApiTokenFile(config.dataDir);
        s->node_->open();
        if (token.isEmpty())
            token = loadOrCreateApiToken(config.dataDir);
    } catch (const store::StoreError& e) {
        const QString what = QString::fromUtf8(e.what()).simplified();
        return StartFailure{reasonOf(e.kind()), what,
                            e.where().isEmpty() ? s->node_->databaseLocation().displayName()
                                                : e.where(),
                            e.detail().isEmpty() ? what : e.detail().simplified()};
    } catch (const DataDirInUse& e) {
        return StartFailure{Reason::DataDirectoryInUse, QString::fromUtf8(e.what()).simplified(),
                            config.dataDir, QString::number(e.pid)};
    } catch (const NotPrivate& e) {
        const QString why = QString::fromUtf8(e.what());
        return StartFailure{Reason::NotPrivate, why, e.path, why};
    } catch (const BadDatabaseUrl& e) {
        return StartFailure{
            Reason::BadDatabaseUrl, QString::fromUtf8(e.what()).simplified(), {}, {}};
    } catch (const std::exception& e) { // the data directory or the API token file in it
        return StartFailure{Reason::DataDirectory, QString::fromUtf8(e.what()).simplified(),
                            config.dataDir, QString::fromUtf8(e.what())};
    }

    net::HttpLimits limits;
    limits.maxRequestBytes = config.maxRequestBytes;
    // Any one request the node accepts fits an address's share; eight fit the whole budget.
    limits.maxBufferedBytesPerAddress =
        std::max(limits.maxBufferedBytesPerAddress, limits.maxRequestBytes);
    limits.maxBufferedBytes = std::max(limits.maxBufferedBytes, 8 * limits.maxRequestBytes);
    s->server_ = std::make_unique<net::RestServer>(
        limits, net::AccessPolicy{config.rateLimit, token, config.trustLoopback,
                                  config.allowedOrigins, QUrl(config.publicUrl).host()});
    net::NetworkSettings settings;
    settings.publicUrl = config.publicUrl;
    settings.listenHost = config.host;
    settings.bootstrapPeers = config.bootstrapPeers;
    settings.maxPeers = config.maxPeers;
    settings.syncIntervalSeconds = config.syncInterval;
    settings.banSeconds = config.banTime;
    settings.maxCandidates = config.maxPeerCandidates;
    settings.allowPrivatePeers = config.allowPrivatePeers;
    s->network_ = std::make_unique<net::PeerNetwork>(*s->node_, settings);
    net::addNodeRoutes(*s->server_, *s->node_, *s->network_);
    // Two readers, each with its connection; 64 questions may wait for them.
    s->readers_ = std::make_unique<net::ReadPool>(s->node_->databaseLocation(), 2, 64);
    s->server_->setReaders(s->readers_.get(), &s->node_->queries());
    if (const auto why = s->server_->listen(config.host, config.port))
        return StartFailure{Reason::CannotListen,
                            QStringLiteral("cannot listen on %1:%2: %3 (choose another --port or "
                                           "NODE_PORT)")
                                .arg(config.host)
                                .arg(config.port)
                                .arg(why->toLower()),
                            QStringLiteral("%1:%2").arg(config.host).arg(config.port), *why};
    qCInfo(lcNode).noquote() << "node" << config.nodeName << "serving" << s->url() << "- data dir"
                             << config.dataDir;
    logDotEnvSettings(config);
    s->node_->resumeBackgroundWork();
    s->network_->start();
    return s;
}

NodeServices::~NodeServices() {
    if (network_) // the node opened (the network is created after that)
        node_->mining().stop(MiningStop::ShuttingDown);
    readers_.reset();
}

QString NodeServices::url() const {
    return QStringLiteral("http://%1:%2").arg(host_).arg(server_->port());
}

} // namespace mbc::node
