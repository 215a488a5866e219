#include "ui/app_settings.h"

#include <QSettings>

namespace mbc::ui {

AppSettings AppSettings::load() {
    QSettings s;
    AppSettings a;
    a.network = s.value("node/network").toString();
    a.dataDir = s.value("node/dataDir").toString();
    a.databaseUrl = s.value("node/databaseUrl").toString();
    a.host = s.value("node/host").toString();
    a.port = s.value("node/port", 0).toInt();
    a.bootstrapPeers = s.value("node/bootstrapPeers").toString();
    a.miningThreads = s.value("node/miningThreads", 0).toInt();
    a.language = s.value("app/language").toString();
    return a;
}

void AppSettings::save() const {
    QSettings s;
    s.setValue("node/network", network);
    s.setValue("node/dataDir", dataDir);
    s.setValue("node/databaseUrl", databaseUrl);
    s.setValue("node/host", host);
    s.setValue("node/port", port);
    s.setValue("node/bootstrapPeers", bootstrapPeers);
    s.setValue("node/miningThreads", miningThreads);
    s.setValue("app/language", language);
    s.sync();
}

QMap<QString, QString> AppSettings::asEnvironment() const {
    QMap<QString, QString> env;
    const auto text = [&env](const char* name, const QString& value) {
        if (!value.trimmed().isEmpty())
            env.insert(name, value.trimmed());
    };
    text("NETWORK", network);
    text("DATA_DIR", dataDir);
    text("DATABASE_URL", databaseUrl);
    text("NODE_HOST", host);
    text("BOOTSTRAP_PEERS", bootstrapPeers);
    if (port > 0)
        env.insert("NODE_PORT", QString::number(port));
    if (miningThreads > 0)
        env.insert("MINING_THREADS", QString::number(miningThreads));
    return env;
}

} // namespace mbc::ui
