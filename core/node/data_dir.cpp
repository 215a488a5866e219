#include "node/data_dir.h"

#include "node/private_paths.h"

#include <QDir>
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

QString logFileIn(const NodeConfig& config) {
    return whyDirectoryIsNotPrivate(config.dataDir) ? QString() : config.logFilePath();
}

} // namespace mbc::node
