#pragma once

#include <QMetaType>
#include <QString>

namespace mbc::node {

// Why the node did not start.
struct StartFailure {
    enum class Reason {
        DataDirectory,      // the data directory cannot be created or written
        DataDirectoryInUse, // another process holds the data directory (detail: its pid)
        NotPrivate,         // the data directory or its token can be changed or read by other users
        BadDatabaseUrl,     // DATABASE_URL does not name a database
        DriverMissing,      // the Qt SQL driver for the database is not installed
        DatabaseUnopened,   // the database cannot be opened or reached
        StoreTooNew,        // the store was written by a newer MiniBitcoin
        StoreOfOtherChain,  // the store holds another network's chain
        StoreCorrupt,       // the store holds what no MiniBitcoin wrote (detail: what)
        StoreFailed,        // any other storage failure
        CannotListen,       // the REST port is in use or the address is not this machine's
    };
    Reason reason;
    QString message; // one line in English: what and where, for logs and the daemon
    QString where;   // the data directory, database, driver package or host:port
    QString detail;  // what the operating system or the database driver said, if anything
};

} // namespace mbc::node

Q_DECLARE_METATYPE(mbc::node::StartFailure)
