#pragma once

#include <QMap>
#include <QString>

namespace mbc::ui {

// The desktop app's settings, kept with QSettings and edited in the Settings dialog. The node's
// take effect when the app starts (after flags and the environment, before .env); the language
// at once. Empty or zero means "the default".
struct AppSettings {
    QString network;           // NETWORK: main or regtest
    QString dataDir;           // DATA_DIR
    QString databaseUrl;       // DATABASE_URL
    QString host;              // NODE_HOST: the REST server's bind address
    int port = 0;              // NODE_PORT
    QString bootstrapPeers;    // BOOTSTRAP_PEERS: comma-separated URLs
    int miningThreads = 0;     // MINING_THREADS
    QString language;          // "en", "de", "es"; empty: follow the system
    int walletLockMinutes = 0; // the wallet locks after this long unused; 0: 15 minutes

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
    bool operator==(const AppSettings&) const = default;
};

} // namespace mbc::ui
