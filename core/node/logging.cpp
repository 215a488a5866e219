#include "node/logging.h"

#include "node/printable_text.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>

#include <cstdio>
#include <memory>

#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcNode, "mbc.node")
Q_LOGGING_CATEGORY(lcChain, "mbc.chain")
Q_LOGGING_CATEGORY(lcMempool, "mbc.mempool")
Q_LOGGING_CATEGORY(lcMining, "mbc.mining")
Q_LOGGING_CATEGORY(lcStore, "mbc.store")
Q_LOGGING_CATEGORY(lcNet, "mbc.net")

namespace mbc::node {
namespace {

QMutex g_mutex; // guards g_file, g_filePath and g_maxFileBytes; messages come from any thread
std::unique_ptr<QFile> g_file;
QString g_filePath; // g_file's (opened from a descriptor, it has no name of its own)
qint64 g_maxFileBytes = 0;
std::function<void(const QString&)> g_listener; // guarded by g_mutex

const char* levelName(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return "DEBUG";
    case QtInfoMsg:
        return "INFO ";
    case QtWarningMsg:
        return "WARN ";
    case QtCriticalMsg:
        return "ERROR";
    case QtFatalMsg:
        return "FATAL";
    }
    return "?    ";
}

// Opens the log for appending (or empty), readable by its owner alone, and never through a
// symbolic link: a data directory someone else prepared could make the node append its lines
// (which quote peers' words and paths) to another file, a shell's startup file say.
std::unique_ptr<QFile> openLogFile(const QString& path, bool truncate) {
    const int fd =
        ::open(QFile::encodeName(path).constData(),
               O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (truncate ? O_TRUNC : O_APPEND), 0600);
    if (fd < 0)
        return nullptr;
    auto file = std::make_unique<QFile>();
    if (!file->open(fd, QIODevice::Append | QIODevice::WriteOnly | QIODevice::Text,
                    QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return nullptr;
    }
    return file;
}

// minibitcoin.log becomes minibitcoin.log.1, .1 becomes .2, and the oldest goes: the log takes
// (kKeptLogFiles + 1) x the cap at most, however much anyone makes the node say.
constexpr int kKeptLogFiles = 2;

void rotate() {
    const QString& path = g_filePath;
    g_file.reset();
    QFile::remove(path + '.' + QString::number(kKeptLogFiles));
    for (int i = kKeptLogFiles - 1; i >= 1; --i)
        QFile::rename(path + '.' + QString::number(i), path + '.' + QString::number(i + 1));
    // If the file cannot be renamed, it starts again empty: the cap holds either way.
    const bool renamed = QFile::rename(path, path + ".1");
    g_file = openLogFile(path, !renamed); // (if it cannot be opened, stderr has every line)
}

void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    // Qt's PostgreSQL driver says this for every statement of a connection that was lost,
    // when the store drops them to connect again: the loss itself is logged once.
    if (message.startsWith(QLatin1String("Unable to free statement")))
        return;
    QString category = QString::fromLatin1(context.category ? context.category : "default");
    if (category.startsWith("mbc."))
        category = category.mid(4);
    // A message may carry what peers sent: one line each, whatever they put in it.
    const QByteArray line =
        (QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + ' ' + levelName(type) + ' ' +
         category + ": " + printableText(message) + '\n')
            .toUtf8();
    QMutexLocker lock(&g_mutex);
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stderr);
    if (g_file) {
        g_file->write(line);
        g_file->flush();
        if (g_maxFileBytes > 0 && g_file->size() >= g_maxFileBytes)
            rotate();
    }
    if (g_listener)
        g_listener(QString::fromUtf8(line).trimmed());
}

} // namespace

bool installLogging(const QString& level, const QString& logFile, qint64 maxFileBytes) {
    // Our categories follow LOG_LEVEL; Qt's own stay at warnings.
    QString rules = "mbc.*.debug=false\n";
    if (level == "debug")
        rules = "mbc.*.debug=true\n";
    if (level == "warning" || level == "error")
        rules += "mbc.*.info=false\n";
    if (level == "error")
        rules += "mbc.*.warning=false\n";
    QLoggingCategory::setFilterRules(rules);

    bool opened = true;
    {
        QMutexLocker lock(&g_mutex);
        g_file.reset();
        g_maxFileBytes = maxFileBytes;
        if (!logFile.isEmpty()) {
            g_filePath = logFile;
            g_file = openLogFile(logFile, false);
            opened = g_file != nullptr;
        }
    }
    qInstallMessageHandler(handler);
    return opened;
}

void closeLogFile() {
    QMutexLocker lock(&g_mutex);
    g_file.reset();
}

void setLogListener(std::function<void(const QString& line)> listener) {
    QMutexLocker lock(&g_mutex);
    g_listener = std::move(listener);
}

} // namespace mbc::node
