#include "store/database.h"

#include "consensus/primitives/bytes.h"
#include "store/sqlite_setup.h"
#include "store/sqlite_statement.h"
#include "store/store_fault.h"

#include <QAtomicInt>
#include <QDebug>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>

#include <sqlite3.h>

#include <algorithm>

namespace mbc::store {
namespace {

Q_LOGGING_CATEGORY(lcStoreSetup, "mbc.store")

QString nextConnectionName() {
    static QAtomicInt counter;
    return QStringLiteral("mbc-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

// unhex(text): the bytes hex text stands for (either case; no text, no bytes), NULL for
// anything else. (SQLite's own, from 3.41 on, reads a number or a blob as its text first; the
// store only ever gives it text.) Nothing may be thrown through SQLite's frames.
void unhexFunction(sqlite3_context* context, int, sqlite3_value** arguments) noexcept {
    const auto* text = sqlite3_value_type(arguments[0]) == SQLITE_TEXT
                           ? reinterpret_cast<const char*>(sqlite3_value_text(arguments[0]))
                           : nullptr;
    if (!text) { // (or out of memory)
        sqlite3_result_null(context);
        return;
    }
    const std::string_view hex(text, std::size_t(sqlite3_value_bytes(arguments[0])));
    try {
        const std::optional<Bytes> bytes = fromHex(hex);
        if (!bytes)
            sqlite3_result_null(context);
        else if (bytes->empty())
            sqlite3_result_zeroblob(context, 0); // (a null pointer would be NULL)
        else
            sqlite3_result_blob(context, bytes->data(), int(bytes->size()), SQLITE_TRANSIENT);
    } catch (const std::bad_alloc&) {
        sqlite3_result_error_nomem(context);
    }
}

} // namespace

} // namespace mbc::store

// As Qt's driver declares it, for the connection it hands out (QSqlDriver::handle()).
Q_DECLARE_OPAQUE_POINTER(sqlite3*)
Q_DECLARE_METATYPE(sqlite3*)

namespace mbc::store {

Database::Database(DatabaseLocation location, QString connectionName)
    : location_(std::move(location))
    , connectionName_(std::move(connectionName)) {}

std::unique_ptr<Database> Database::open(const DatabaseLocation& location) {
    std::unique_ptr<Database> d(new Database(location, nextConnectionName()));
    const bool sqlite = location.dialect == Dialect::Sqlite;
    if (sqlite) {
        static const bool toldOnce = [] { // (every connection asks: one line is enough)
            switch (setUpSqliteOnce()) {
            case SqliteSetup::Done:
                break;
            case SqliteSetup::AlreadyInUse:
                qCWarning(lcStoreSetup) << "SQLite was in use before the store could set it up: "
                                           "its journals go to temporary files past 64 kB";
                break;
            case SqliteSetup::NoFileLayer:
                qCWarning(lcStoreSetup) << "SQLite's file layer could not be wrapped by the "
                                           "store's: its journals go to temporary files past "
                                           "64 kB";
                break;
            }
            return true;
        }();
        (void)toldOnce;
    }
    const QString driver = sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
    if (!QSqlDatabase::isDriverAvailable(driver))
        throw StoreError(QStringLiteral("the Qt SQL driver %1 is not installed (Debian package "
                                        "%2)")
                             .arg(driver, sqlite ? "libqt6sql6-sqlite" : "libqt6sql6-psql")
                             .toStdString(),
                         StoreError::Kind::DriverMissing,
                         sqlite ? "libqt6sql6-sqlite" : "libqt6sql6-psql");
    d->db_ = QSqlDatabase::addDatabase(driver, d->connectionName_);
    if (sqlite) {
        d->db_.setDatabaseName(location.sqlitePath);
        d->db_.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        // WAL: readers never block the writer, and a commit is one append. NORMAL sync keeps
        // every commit atomic and survives a killed process; after a power cut the newest
        // blocks may be lost (a node fetches them again), but the store is never inconsistent.
        // Checkpoints (copying the WAL into the database, with an fsync) are made by a thread
        // of their own (walCommitted). A log that a long sync made grow is cut back to 40 MB
        // when it starts over.
        d->sessionSetup_ = {QStringLiteral("PRAGMA journal_mode=WAL"),
                            QStringLiteral("PRAGMA synchronous=NORMAL"),
                            QStringLiteral("PRAGMA foreign_keys=ON"),
                            QStringLiteral("PRAGMA cache_size=-32768"), // 32 MiB page cache
                            QStringLiteral("PRAGMA journal_size_limit=41943040"),
                            // (What applies until the hook replaces it, below.)
                            QStringLiteral("PRAGMA wal_autocheckpoint=10000")};
    } else {
        d->db_.setHostName(location.host);
        d->db_.setPort(location.port);
        d->db_.setDatabaseName(location.databaseName);
        d->db_.setUserName(location.user);
        d->db_.setPassword(location.password);
        // A server that vanishes from the network (not one that stops) is noticed within
        // about 30 s instead of TCP's quarter of an hour, during which the node would wait.
        d->db_.setConnectOptions(QStringLiteral("connect_timeout=5;keepalives=1;keepalives_idle=10;"
                                                "keepalives_interval=5;keepalives_count=3;"
                                                "tcp_user_timeout=30000"));
        // Statements are prepared once per connection; a generic plan made while a table was
        // small (a fresh node starting to sync) would scan it whole for every block long after
        // it has grown. Planning each execution against the table as it is now costs a
        // fraction of a millisecond.
        // The tcp_keepalives settings are the server's side of the keepalives above: a node's
        // session that vanished (a partition, a crashed host) ends within about 25 s instead of
        // the system's two hours, and with it the node's claim on the database
        // (store_claim.h), which the node can then take again.
        d->sessionSetup_ = {QStringLiteral("SET client_min_messages TO WARNING"),
                            QStringLiteral("SET plan_cache_mode TO force_custom_plan"),
                            QStringLiteral("SET tcp_keepalives_idle TO 10"),
                            QStringLiteral("SET tcp_keepalives_interval TO 5"),
                            QStringLiteral("SET tcp_keepalives_count TO 3")};
        // The server tries to compress values past about 2 kB (block bodies); LZ4 (PostgreSQL
        // 14 and later, where the server was built with it, as Debian's is) does it several
        // times faster than the server's own pglz, which took 8% of the server's work on each
        // connected block.
        d->sessionPreferences_ = {QStringLiteral("SET default_toast_compression TO lz4")};
    }
    const std::optional<FileIdentity> identityBefore =
        sqlite ? FileIdentity::of(location.sqlitePath) : std::nullopt;
    if (const auto why = d->connect())
        throw StoreError(
            QStringLiteral("cannot open %1: %2").arg(location.describe(), *why).toStdString(),
            d->connectFault_ == StoreError::Kind::Corrupt ? StoreError::Kind::Corrupt
                                                          : StoreError::Kind::CannotOpen,
            location.displayName(), *why);
    if (sqlite) {
        // Said at once, not at the first block the node connects (prepareSqlite). Debian's
        // driver uses the system's SQLite, as this program does.
        std::optional<QString> why;
        try {
            why = d->sqliteLibraryMismatch();
        } catch (const StoreError& e) {
            why = QString::fromUtf8(e.what());
        }
        if (why)
            throw StoreError(
                QStringLiteral("cannot open %1: %2").arg(location.describe(), *why).toStdString(),
                StoreError::Kind::DriverMissing, QStringLiteral("libqt6sql6-sqlite"), *why);
        // (In place of SQLite's own hook, which checkpoints on the committing thread.) The
        // file is named as SQLite has it (a full path), and known by its identity if it was
        // the same before the connection opened it (else the node copies its log itself).
        sqlite3* const handle = d->sqliteHandle();
        d->sqliteFile_ = QString::fromUtf8(sqlite3_db_filename(handle, "main"));
        d->sqliteFileIdentity_ = FileIdentity::of(d->sqliteFile_);
        if (identityBefore && identityBefore != d->sqliteFileIdentity_)
            d->sqliteFileIdentity_.reset();
        sqlite3_wal_hook(handle, &Database::walCommitted, d.get());
        if (sqlite3_create_function_v2(
                handle, "unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                &unhexFunction, nullptr, nullptr, nullptr) != SQLITE_OK)
            throw StoreError(
                QStringLiteral("cannot open %1: SQLite refused the store's unhex() "
                               "function: %2")
                    .arg(location.describe(), QString::fromUtf8(sqlite3_errmsg(handle)))
                    .toStdString(),
                StoreError::Kind::CannotOpen, location.displayName());
    }
    return d;
}

std::optional<QString> Database::connect() {
    // What the database said, without the driver's "Unable to ..." after it when it said it.
    const auto said = [](const QSqlError& e) {
        return (e.databaseText().trimmed().isEmpty() ? e.text() : e.databaseText()).trimmed();
    };
    if (!db_.open()) {
        connectFault_ = faultKindOf(location_.dialect, db_.lastError());
        return said(db_.lastError());
    }
    for (const QString& sql : std::as_const(sessionSetup_)) {
        QSqlQuery q(db_);
        if (!q.exec(sql)) {
            connectFault_ = faultKindOf(location_.dialect, q.lastError());
            const QString why = said(q.lastError());
            db_.close();
            return why;
        }
    }
    for (const QString& sql : std::as_const(sessionPreferences_)) {
        QSqlQuery q(db_);
        if (!q.exec(sql) && !preferenceRefusalTold_) { // (outside a transaction: nothing undone)
            preferenceRefusalTold_ = true;
            qCInfo(lcStoreSetup).noquote()
                << QStringLiteral("the database server refused %1 (%2): its own default stays")
                       .arg(sql, q.lastError().text().trimmed());
        }
    }
    return std::nullopt;
}

void Database::addSessionSetup(const QString& sql) {
    execute(sql);
    sessionSetup_ << sql;
}

bool Database::reconnect() {
    if (!lost_)
        return true;
    if (openTransactions_ > 0)
        return false; // its owner unwinds it first (as ensureConnected says)
    const auto now = std::chrono::steady_clock::now();
    if (now < nextReconnect_)
        return false;
    // The old statements belong to the lost session: they go before it does.
    dropStatements();
    db_.close();
    if (const auto why = connect()) {
        using namespace std::chrono_literals;
        reconnectBackoff_ = std::clamp(reconnectBackoff_ * 2, std::chrono::milliseconds(1s),
                                       std::chrono::milliseconds(30s));
        nextReconnect_ = now + reconnectBackoff_;
        lostBecause_ = *why;
        return false;
    }
    lost_ = false;
    if (reconnectCheck_) {
        // The server that answers at that address may not hold this store any more (another
        // server took the port, a database restored elsewhere): then it is not reconnected.
        try {
            reconnectCheck_(*this);
        } catch (const std::exception& e) {
            using namespace std::chrono_literals;
            lost_ = true;
            dropStatements();
            db_.close();
            reconnectBackoff_ = std::clamp(reconnectBackoff_ * 2, std::chrono::milliseconds(1s),
                                           std::chrono::milliseconds(30s));
            nextReconnect_ = now + reconnectBackoff_;
            lostBecause_ = QStringLiteral("the database there is not this node's: %1")
                               .arg(QString::fromUtf8(e.what()));
            return false;
        }
    }
    reconnectBackoff_ = {};
    lostBecause_.clear();
    ++reconnects_;
    leaveTrouble();
    return true;
}

void Database::settleHeld() {
    if (!settleHeld_)
        return;
    const std::function<void()> settle = std::move(settleHeld_);
    settleHeld_ = nullptr;
    settle();
}

void Database::ensureConnected() {
    settleHeld();
    if (!refusedBecause_.isEmpty())
        throw StoreError(refusedBecause_.toStdString(), refusedKind_, location_.displayName(),
                         refusedBecause_);
    if (!lost_)
        return;
    // A transaction begun on the lost connection ended with it: its owner unwinds it first.
    if (openTransactions_ == 0 && reconnect())
        return;
    throw StoreError(QStringLiteral("the connection to %1 is lost (%2); retrying")
                         .arg(location_.describe(), lostBecause_)
                         .toStdString(),
                     StoreError::Kind::Unreachable, location_.displayName(), lostBecause_);
}

void Database::enterTrouble(StoreError::Kind kind, const QString& detail) {
    const bool changed = trouble_ != kind;
    if (changed)
        troubleDetail_ = detail;
    trouble_ = kind;
    if (changed && troubleListener_)
        troubleListener_(kind);
}

void Database::leaveTrouble() {
    if (!trouble_)
        return;
    trouble_.reset();
    if (troubleListener_)
        troubleListener_(std::nullopt);
}

void Database::stopSqliteStatements() {
    for (auto& [sql, statement] : sqliteStatements_)
        statement->reset();
}

void Database::dropStatements() {
    qDeleteAll(statements_);
    statements_.clear();
    sqliteStatements_.clear(); // (SQLite refuses to close a connection with statements left)
}

Database::~Database() {
    checkpointer_.reset(); // its connection closes first; the last to close checkpoints
    dropStatements();
    db_.close();
    db_ = QSqlDatabase();
    QSqlDatabase::removeDatabase(connectionName_);
}

void Database::fail(const QString& what, const QSqlError& error) {
    const QString detail = error.text().trimmed();
    StoreError::Kind kind = faultKindOf(location_.dialect, error);
    // Without an SQLSTATE, ask the server whether the connection still works (inside a
    // transaction that failed it answers, with 25P02).
    if (kind == StoreError::Kind::Unreachable && location_.dialect == Dialect::Postgres &&
        error.nativeErrorCode().isEmpty()) {
        QSqlQuery probe(db_);
        if (probe.exec(QStringLiteral("SELECT 1")) ||
            probe.lastError().nativeErrorCode() == QLatin1String("25P02"))
            kind = StoreError::Kind::Failed;
    }
    // A failure inside a transaction may have undone some of it or all of it (PostgreSQL
    // aborts it; SQLite rolls all of it back on a full disk or an I/O error), and a lost
    // connection ends the session's.
    if (openTransactions_ > 0 || losesConnection(location_.dialect, kind))
        ++undoCount_;
    if (losesConnection(location_.dialect, kind)) {
        lost_ = true;
        lostBecause_ = detail;
        nextReconnect_ = {}; // the first try is at once
    }
    if (kind != StoreError::Kind::Failed && kind != StoreError::Kind::Corrupt) // waited out
        enterTrouble(kind, detail);
    throw StoreError(
        QStringLiteral("%1 failed on %2: %3").arg(what, location_.describe(), detail).toStdString(),
        kind, location_.displayName(), detail)
        .withCode(error.nativeErrorCode());
}

QSqlQuery& Database::prepare(const QString& sql) {
    ensureConnected();
    auto it = statements_.find(sql);
    if (it != statements_.end())
        return **it;
    auto* q = new QSqlQuery(db_);
    q->setForwardOnly(true);
    if (!q->prepare(sql)) {
        const QSqlError error = q->lastError();
        delete q;
        fail(QStringLiteral("preparing \"%1\"").arg(sql), error);
    }
    statements_.insert(sql, q);
    return *q;
}

QVariant Database::driverHandle(QMetaType expected) {
    QVariant handle = db_.driver()->handle();
    if (handle.metaType() != expected)
        throw StoreError(
            std::string(location_.dialect == Dialect::Sqlite ? "the SQLite" : "the PostgreSQL") +
            " driver did not hand out its connection as a " + expected.name() + " (a " +
            (handle.typeName() ? handle.typeName() : "null") + ")");
    return handle;
}

sqlite3* Database::sqliteHandle() {
    sqlite3* const connection =
        *static_cast<sqlite3* const*>(driverHandle(QMetaType::fromType<sqlite3*>()).constData());
    if (!connection)
        throw StoreError("the SQLite driver has no open connection to " +
                         location_.describe().toStdString());
    return connection;
}

std::optional<QString> Database::sqliteLibraryMismatch() {
    (void)sqliteHandle(); // throws if the driver hands out none
    // A Qt built with SQLite inside its driver hands out a connection of another copy, which
    // this program's SQLite must not touch. (A copy of the same release is not told apart.)
    QSqlQuery q(db_);
    if (!q.exec(QStringLiteral("SELECT sqlite_source_id()")) || !q.next())
        return q.lastError().text().trimmed();
    const QString theirs = q.value(0).toString();
    const QString ours = QString::fromLatin1(sqlite3_sourceid());
    if (theirs == ours)
        return std::nullopt;
    return QStringLiteral("Qt's SQLite driver uses another SQLite (%1) than MiniBitcoin was "
                          "built with (%2): install Qt's SQLite driver built against the "
                          "system's SQLite")
        .arg(theirs, ours);
}

SqliteStatement& Database::prepareSqlite(const char* sql) {
    Q_ASSERT(location_.dialect == Dialect::Sqlite);
    ensureConnected();
    auto it = sqliteStatements_.find(sql);
    if (it != sqliteStatements_.end())
        return *it->second;
    auto statement = std::make_unique<SqliteStatement>(*this, sqliteHandle(), sql);
    return *sqliteStatements_.emplace(sql, std::move(statement)).first->second;
}

void Database::run(QSqlQuery& query) {
    ensureConnected();
    if (!query.exec())
        fail(QStringLiteral("\"%1\"").arg(query.lastQuery()), query.lastError());
}

void Database::execute(const QString& sql) {
    ensureConnected();
    QSqlQuery q(db_);
    if (!q.exec(sql))
        fail(QStringLiteral("\"%1\"").arg(sql), q.lastError());
}

void Database::probe() {
    if (settleHeld_)
        return;
    // (On SQLite it begins a read of the file, which a bare SELECT would not.)
    QSqlQuery& q =
        prepare(location_.dialect == Dialect::Sqlite ? QStringLiteral("PRAGMA schema_version")
                                                     : QStringLiteral("SELECT 1"));
    run(q);
    q.finish();
}

// SQLite's driver drops the result code of a failed BEGIN or COMMIT (a full disk shows up at
// COMMIT), so SQLite's are run as statements; PostgreSQL's driver is kept, as it tells a
// COMMIT that the server turned into a ROLLBACK (an aborted transaction) from a commit.
std::optional<QSqlError> Database::beginOutermost() {
    if (location_.dialect == Dialect::Postgres)
        return db_.transaction() ? std::nullopt : std::optional(db_.lastError());
    QSqlQuery q(db_);
    return q.exec(QStringLiteral("BEGIN")) ? std::nullopt : std::optional(q.lastError());
}

std::optional<QSqlError> Database::commitOutermost() {
    if (location_.dialect == Dialect::Postgres)
        return db_.commit() ? std::nullopt : std::optional(db_.lastError());
    QSqlQuery q(db_);
    return q.exec(QStringLiteral("COMMIT")) ? std::nullopt : std::optional(q.lastError());
}

void Database::rollbackOutermost() {
    if (location_.dialect == Dialect::Postgres) {
        db_.rollback();
        return;
    }
    QSqlQuery q(db_);
    q.exec(QStringLiteral("ROLLBACK")); // fails harmlessly if SQLite rolled back already
}

void Database::writeDeferred() {
    ensureConnected();
    writeDeferredNow();
}

void Database::writeDeferredNow() {
    if (writingDeferred_ || std::none_of(deferredWrites_.begin(), deferredWrites_.end(),
                                         [](DeferredWrites* w) { return w->pending(); }))
        return; // (their own statements come through here)
    if (transactionEndedBehindUs()) {
        // What they hold belonged to that transaction: written now, outside one, each write
        // would be committed on its own.
        dropDeferred();
        throwTransactionEnded();
    }
    writingDeferred_ = true;
    const auto done = qScopeGuard([this] { writingDeferred_ = false; });
    for (DeferredWrites* writes : deferredWrites_)
        if (writes->pending())
            writes->write();
}

void Database::throwTransactionEnded() {
    ++undoCount_; // (what was read or written in it may no longer hold)
    throw StoreError("the database ended the open transaction by itself (" +
                         location_.describe().toStdString() +
                         "): its work is undone, and nothing more joins it",
                     StoreError::Kind::Failed, location_.displayName());
}

bool Database::transactionEndedBehindUs() {
    // SQLite rolls the whole transaction back by itself on a full disk, an I/O error or out of
    // memory: the connection is then in autocommit mode while transactions are still open here.
    // (A PostgreSQL session whose transaction failed stays in it, aborted, until the rollback.)
    if (openTransactions_ == 0)
        return false;
    if (location_.dialect == Dialect::Sqlite)
        return sqlite3_get_autocommit(sqliteHandle()) != 0;
    return postgresOutsideTransaction();
}

void Database::dropDeferred() noexcept {
    for (DeferredWrites* writes : deferredWrites_)
        writes->drop();
}

// (ensureConnected first settles a held transaction, which changes the depth.)
Database::Transaction::Transaction(Database& db, Deferred deferred)
    : db_(db)
    , depth_((db.ensureConnected(), db.openTransactions_)) {
    // A savepoint outside any transaction would begin one, which its release would commit on
    // its own: the work of the transaction that ended would go on without it.
    if (depth_ > 0 && db_.transactionEndedBehindUs())
        db_.throwTransactionEnded();
    if (depth_ > 0 && deferred == Deferred::WriteFirst)
        db_.writeDeferredNow();
    if (depth_ > 0) {
        db_.execute(QStringLiteral("SAVEPOINT nested_%1").arg(depth_));
    } else {
        if (const auto error = db_.beginOutermost())
            db_.fail(QStringLiteral("starting a transaction"), *error);
    }
    ++db_.openTransactions_;
}

Database::Transaction::~Transaction() {
    if (done_)
        return;
    --db_.openTransactions_;
    ++db_.undoCount_;
    if (depth_ == 0) {
        db_.rollbackOutermost();
        db_.dropDeferred();
        return;
    }
    // Never throws from a destructor: a failed rollback surfaces when the outer one ends.
    QSqlQuery q(db_.db_);
    q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT nested_%1").arg(depth_));
    q.exec(QStringLiteral("RELEASE SAVEPOINT nested_%1").arg(depth_));
}

// A failed commit undoes the transaction before it throws, so the connection never keeps an
// open transaction behind it; committing again after that does nothing.
void Database::Transaction::commit() {
    if (done_)
        return;
    if (depth_ == 0) {
        try {
            if (db_.transactionEndedBehindUs())
                db_.throwTransactionEnded();
            db_.writeDeferredNow();
        } catch (...) {
            // As any failed commit: the transaction is undone before the error goes on.
            done_ = true;
            --db_.openTransactions_;
            ++db_.undoCount_;
            db_.rollbackOutermost();
            db_.dropDeferred();
            throw;
        }
    }
    done_ = true;
    db_.stopSqliteStatements();
    --db_.openTransactions_;
    if (depth_ > 0) {
        QSqlQuery q(db_.db_);
        if (q.exec(QStringLiteral("RELEASE SAVEPOINT nested_%1").arg(depth_)))
            return;
        const QSqlError why = q.lastError(); // fail() counts it undone (an outer one is open)
        q.exec(QStringLiteral("ROLLBACK TO SAVEPOINT nested_%1").arg(depth_));
        q.exec(QStringLiteral("RELEASE SAVEPOINT nested_%1").arg(depth_));
        db_.fail(QStringLiteral("releasing a savepoint"), why);
    }
    if (const auto why = db_.commitOutermost()) {
        ++db_.undoCount_;
        db_.rollbackOutermost();
        db_.dropDeferred();
        db_.fail(QStringLiteral("committing"), *why);
    }
    db_.leaveTrouble(); // a write went through: the disk has room, the server answers
}

} // namespace mbc::store
