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

// The file holds the password exactly (no newline added, none taken away).
QString readPassword(const QSettings& s) {
    QFile f(passwordFilePath(s));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.read(4096)) : QString();
}

// Empty, or why the password could not be kept.
QString writePassword(const QSettings& s, const QString& password) {
    const QString path = passwordFilePath(s);
    if (password.isEmpty()) {
        QFile::remove(path);
        return {};
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return f.errorString();
    // Before a byte is written; the rename over the old file keeps it.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(password.toUtf8());
    return f.commit() ? QString() : f.errorString();
}

// A URL as the settings file keeps it: without its password, percent-encoded.
QString withoutPassword(const QString& databaseUrl) {
    if (databaseUrl.isEmpty())
        return {};
    QUrl url(databaseUrl);
    url.setPassword({});
    return url.toString(QUrl::FullyEncoded);
}

} // namespace

AppSettings AppSettings::load() {
    QSettings s;
    AppSettings a;
    a.network = s.value("node/network").toString();
    a.dataDir = s.value("node/dataDir").toString();
    a.databaseUrl = s.value("node/databaseUrl").toString();
    if (!a.databaseUrl.isEmpty()) {
        QUrl url(a.databaseUrl);
        if (!url.password().isEmpty()) {
            // Kept there by an older MiniBitcoin: moved to its own file now.
            if (writePassword(s, url.password()).isEmpty()) {
                s.setValue("node/databaseUrl", withoutPassword(a.databaseUrl));
                s.sync();
            }
        } else if (const QString password = readPassword(s); !password.isEmpty()) {
            url.setPassword(password);
            a.databaseUrl = url.toString(QUrl::FullyEncoded);
        }
    }
    a.host = s.value("node/host").toString();
    a.port = s.value("node/port", 0).toInt();
    a.bootstrapPeers = s.value("node/bootstrapPeers").toString();
    a.miningThreads = s.value("node/miningThreads", 0).toInt();
    a.language = s.value("app/language").toString();
    a.walletLockMinutes = s.value("app/walletLockMinutes", 0).toInt();
    return a;
}

QString AppSettings::save() const {
    QSettings s;
    if (QString why =
            writePassword(s, databaseUrl.isEmpty() ? QString() : QUrl(databaseUrl).password());
        !why.isEmpty())
        return QStringLiteral("cannot keep the database password in %1: %2")
            .arg(passwordFilePath(s), why);
    s.setValue("node/network", network);
    s.setValue("node/dataDir", dataDir);
    s.setValue("node/databaseUrl", withoutPassword(databaseUrl));
    s.setValue("node/host", host);
    s.setValue("node/port", port);
    s.setValue("node/bootstrapPeers", bootstrapPeers);
    s.setValue("node/miningThreads", miningThreads);
    s.setValue("app/language", language);
    s.setValue("app/walletLockMinutes", walletLockMinutes);
    s.sync();
    if (s.status() != QSettings::NoError)
        return QStringLiteral("cannot write the settings file %1").arg(s.fileName());
    return {};
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
