#include "ui/app_settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>

namespace mbc::ui {
namespace {

// The database password lives beside the settings file, in a file only its owner can read:
// the settings file is world-readable on most desktops.
QString passwordFilePath(const QSettings& s) {
    return QFileInfo(s.fileName()).dir().filePath("database-password");
}

QString readPassword(const QSettings& s) {
    QFile f(passwordFilePath(s));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.read(4096)).trimmed() : QString();
}

void writePassword(const QSettings& s, const QString& password) {
    const QString path = passwordFilePath(s);
    if (password.isEmpty()) {
        QFile::remove(path);
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!f.open(QIODevice::WriteOnly))
        return;
    f.setPermissions(ownerOnly); // before a byte is written; the rename keeps it
    f.write(password.toUtf8() + '\n');
    f.commit();
}

} // namespace

AppSettings AppSettings::load() {
    QSettings s;
    AppSettings a;
    a.network = s.value("node/network").toString();
    a.dataDir = s.value("node/dataDir").toString();
    a.databaseUrl = s.value("node/databaseUrl").toString();
    if (const QString password = readPassword(s); !password.isEmpty() && !a.databaseUrl.isEmpty()) {
        QUrl url(a.databaseUrl);
        url.setPassword(password);
        a.databaseUrl = url.toString();
    }
    a.host = s.value("node/host").toString();
    a.port = s.value("node/port", 0).toInt();
    a.bootstrapPeers = s.value("node/bootstrapPeers").toString();
    a.miningThreads = s.value("node/miningThreads", 0).toInt();
    a.language = s.value("app/language").toString();
    a.walletLockMinutes = s.value("app/walletLockMinutes", 0).toInt();
    return a;
}

void AppSettings::save() const {
    QSettings s;
    s.setValue("node/network", network);
    s.setValue("node/dataDir", dataDir);
    QUrl url(databaseUrl);
    writePassword(s, databaseUrl.isEmpty() ? QString() : url.password());
    url.setPassword({});
    s.setValue("node/databaseUrl", databaseUrl.isEmpty() ? QString() : url.toString());
    s.setValue("node/host", host);
    s.setValue("node/port", port);
    s.setValue("node/bootstrapPeers", bootstrapPeers);
    s.setValue("node/miningThreads", miningThreads);
    s.setValue("app/language", language);
    s.setValue("app/walletLockMinutes", walletLockMinutes);
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
