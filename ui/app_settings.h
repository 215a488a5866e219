#pragma once

#include <QMap>
#include <QString>

namespace mbc::ui {

// The desktop app's settings, kept with QSettings and edited in the Settings dialog. The node's
// (those node::nodeSettings() marks for the dialog) take effect when the app starts (after flags
// and the environment, before .env); the language at once. Empty or zero means "the default".
struct AppSettings {
    QMap<QString, QString> node; // by environment name (NODE_PORT, ...): what the user set
    QString language;            // "en", "de", "es"; empty: follow the system
    int walletLockMinutes = 0;   // the wallet locks after this long unused; 0: 15 minutes

    static constexpr int kDefaultWalletLockMinutes = 15;
    int walletLockMinutesOrDefault() const {
        return walletLockMinutes > 0 ? walletLockMinutes : kDefaultWalletLockMinutes;
    }

    static AppSettings load();
    // Empty, or why they could not all be kept (the database password goes to a file of its
    // own, 0600, beside the settings file: the settings file is often readable by others).
    QString save() const;
    // The node settings that are set, by their environment names.
    QMap<QString, QString> asEnvironment() const;
    QString nodeValue(const QString& env) const { return node.value(env); }
    bool operator==(const AppSettings&) const = default;
};

} // namespace mbc::ui
