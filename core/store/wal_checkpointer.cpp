#include "store/wal_checkpointer.h"

#include <QAtomicInt>
#include <QFile>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sys/stat.h>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace mbc::store {
namespace {

Q_LOGGING_CATEGORY(lcCheckpoint, "mbc.store")

} // namespace

std::optional<FileIdentity> FileIdentity::of(const QString& path) {
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return FileIdentity{std::uint64_t(st.st_dev), std::uint64_t(st.st_ino)};
}

WalCheckpointer::WalCheckpointer(QString path, FileIdentity identity)
    : path_(std::move(path))
    , identity_(identity)
    , thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void WalCheckpointer::wake() {
    {
        const std::lock_guard lock(mutex_);
        wanted_ = true;
    }
    changed_.notify_all();
}

void WalCheckpointer::waitUntilIdle() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return (!wanted_ && !busy_) || stopping_ || broken_; });
}

bool WalCheckpointer::idle() const {
    const std::lock_guard lock(mutex_);
    return !wanted_ && !busy_;
}

std::uint64_t WalCheckpointer::completed() const {
    const std::lock_guard lock(mutex_);
    return completed_;
}

bool WalCheckpointer::broken() const {
    const std::lock_guard lock(mutex_);
    return broken_;
}

bool WalCheckpointer::checkpoint(const QString& connection, bool* copied, QString* why) {
    QSqlQuery q(QSqlDatabase::database(connection, false));
    // PASSIVE: copies what no reader still needs, and never waits for the writer (which goes
    // on appending meanwhile). A checkpoint already under way (the writer's) is not a failure,
    // but copies nothing (its row says busy).
    if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
        *why = q.lastError().text().trimmed();
        return false;
    }
    *copied = q.next() && q.value(0).toInt() == 0;
    return true;
}

void WalCheckpointer::run() {
#ifdef __linux__
    // As the readers do: on a machine with few cores, the node's thread (and the signature
    // checks it waits for) go first.
    setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);
#endif
    static QAtomicInt counter;
    const QString name = QStringLiteral("mbc-wal-checkpoint-%1").arg(counter.fetchAndAddRelaxed(1));
    QString why;
    {
        // Its identity is checked before it is opened, and again after (in case it was put
        // in place meanwhile), before anything is read: SQLite reads a file's log at the first
        // statement, and a connection that closes last on a file copies the log into it.
        if (FileIdentity::of(path_) != identity_) {
            qCWarning(lcCheckpoint).noquote()
                << QStringLiteral("%1 is no longer the file the node opened; the node copies "
                                  "its log itself")
                       .arg(path_);
            const std::lock_guard lock(mutex_);
            broken_ = true;
            changed_.notify_all();
            return;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        // mode=rw: never creates a file where the node's was.
        QUrl uri = QUrl::fromLocalFile(path_);
        uri.setQuery(QStringLiteral("mode=rw"));
        db.setDatabaseName(uri.toString(QUrl::FullyEncoded));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            why = db.lastError().text().trimmed();
        else if (FileIdentity::of(path_) != identity_)
            why = QStringLiteral("the file there is no longer the one the node opened");
        else if (QSqlQuery q(db); !q.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
            why = q.lastError().text().trimmed(); // (so that a checkpoint waits for the disk)
    }
    bool failing = !why.isEmpty();
    if (failing)
        qCWarning(lcCheckpoint).noquote()
            << QStringLiteral("cannot open %1 to copy its log into it on a thread of its own "
                              "(%2); the node copies it itself")
                   .arg(path_, why);
    std::unique_lock lock(mutex_);
    broken_ = failing;
    while (!broken_) {
        changed_.wait(lock, [this] { return wanted_ || stopping_; });
        if (stopping_)
            break;
        wanted_ = false;
        busy_ = true;
        lock.unlock();
        bool copied = false;
        const bool done = checkpoint(name, &copied, &why);
        // (A full disk or an I/O error: the writer's next commit will meet it too.) Said once
        // until it works again.
        if (!done && !failing)
            qCWarning(lcCheckpoint).noquote()
                << QStringLiteral("copying the log of %1 into it on a thread of its own failed "
                                  "(%2); it grows until the node copies it itself")
                       .arg(path_, why);
        failing = !done;
        lock.lock();
        busy_ = false;
        completed_ += copied ? 1 : 0;
        changed_.notify_all();
    }
    wanted_ = false; // (broken: the waiters wait for nothing)
    changed_.notify_all();
    lock.unlock();
    QSqlDatabase::removeDatabase(name); // (its QSqlDatabase went at the end of its scope)
}

} // namespace mbc::store
