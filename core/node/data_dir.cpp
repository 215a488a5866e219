#include "node/data_dir.h"

#include "node/private_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace mbc::node {

bool makeDataDir(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir())
        return true;
    const QString absolute = info.absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(absolute).absolutePath()))
        return false;
    // Made with its mode at once (no moment when others could open it).
    return QDir().mkdir(absolute,
                        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner) ||
           QFileInfo(absolute).isDir(); // another process made it meanwhile
}

StoreSetAside setStoreAside(const QString& path, const QDateTime& now) {
    const QString aside = path + ".damaged-" + now.toUTC().toString("yyyyMMdd-HHmmss");
    QFile store(path);
    if (QFileInfo::exists(aside))
        return {{}, aside + " exists already"};
    if (!store.rename(aside))
        return {{}, QStringLiteral("cannot rename %1: %2").arg(path, store.errorString())};
    // Its log holds commits the file may lack: kept beside it, under its new name, and not
    // left to be read into the new store.
    for (const char* part : {"-wal", "-shm"})
        if (QFile file(path + part); file.exists() && !file.rename(aside + part))
            return {{},
                    QStringLiteral("%1 was set aside as %2, but %3 could not be: %4; move it "
                                   "away before starting again")
                        .arg(path, aside, file.fileName(), file.errorString())};
    return {aside, {}};
}

QString logFileIn(const NodeConfig& config) {
    return whyDirectoryIsNotPrivate(config.dataDir) ? QString() : config.logFilePath();
}

} // namespace mbc::node
