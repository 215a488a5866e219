#include "ui/app_settings.h"

#include "node/node_settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>

namespace mbc::ui {
namespace {

// Where the URL (without its password) is kept.
QString databaseUrlKey() {
    return "node/" + node::findSetting("DATABASE_URL")->settingsKey;
}

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
    for (const node::Setting& setting : node::nodeSettings()) {
        if (setting.settingsKey.isEmpty())
            continue;
        QString value = s.value("node/" + setting.settingsKey).toString().trimmed();
        if (setting.kind == node::Setting::Kind::Integer && value == "0")
            value.clear(); // how older versions kept "the default"
        if (!value.isEmpty())
            a.node.insert(setting.env, value);
    }
    if (const QString stored = a.node.value("DATABASE_URL"); !stored.isEmpty()) {
        QUrl url(stored);
        if (!url.password().isEmpty()) {
            // Kept there by an older MiniBitcoin: moved to its own file now.
            if (writePassword(s, url.password()).isEmpty()) {
                s.setValue(databaseUrlKey(), withoutPassword(stored));
                s.sync();
            }
        } else if (const QString password = readPassword(s); !password.isEmpty()) {
            url.setPassword(password);
            a.node.insert("DATABASE_URL", url.toString(QUrl::FullyEncoded));
        }
    }
    a.language = s.value("app/language").toString();
    a.walletLockMinutes = s.value("app/walletLockMinutes", 0).toInt();
    return a;
}

QString AppSettings::save() const {
    QSettings s;
    const QString databaseUrl = node.value("DATABASE_URL");
    if (QString why =
            writePassword(s, databaseUrl.isEmpty() ? QString() : QUrl(databaseUrl).password());
        !why.isEmpty())
        return QStringLiteral("cannot keep the database password in %1: %2")
            .arg(passwordFilePath(s), why);
    for (const node::Setting& setting : node::nodeSettings())
        if (!setting.settingsKey.isEmpty())
            s.setValue("node/" + setting.settingsKey, node.value(setting.env).trimmed());
    s.setValue(databaseUrlKey(), withoutPassword(databaseUrl));
    s.setValue("app/language", language);
    s.setValue("app/walletLockMinutes", walletLockMinutes);
    s.sync();
    if (s.status() != QSettings::NoError)
        return QStringLiteral("cannot write the settings file %1").arg(s.fileName());
    return {};
}

QMap<QString, QString> AppSettings::asEnvironment() const {
    QMap<QString, QString> env;
    for (auto it = node.begin(); it != node.end(); ++it)
        if (!it.value().trimmed().isEmpty())
            env.insert(it.key(), it.value().trimmed());
    return env;
}

} // namespace mbc::ui
