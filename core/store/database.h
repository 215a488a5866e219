#pragma once

#include "store/database_location.h"
#include "store/wal_checkpointer.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3;

namespace mbc::store {

class SqliteStatement;

// A storage failure the caller cannot fix by changing its input (the database is gone, full,
// or newer than this build). The message says what and where.
class StoreError : public std::runtime_error {
public:
    enum class Kind {
        Failed,        // a statement failed
        DriverMissing, // the Qt SQL driver is not installed
        CannotOpen,    // the database cannot be opened or reached
        Unreachable,   // the connection was lost, or cannot be made again (it is retried)
        Full,          // the disk (or the server's) is full
        Unwritable,    // the database's file cannot be written (I/O error, read-only)
        NewerSchema,   // written by a newer MiniBitcoin
        OtherChain,    // holds another network's chain
        Corrupt,       // holds what no MiniBitcoin wrote (a disk error, an edit, a crash elsewhere)
    };
    // `where`: the database (or the driver's package); `detail`: what the driver said.
    explicit StoreError(const std::string& message, Kind kind = Kind::Failed, QString where = {},
                        QString detail = {})
        : std::runtime_error(message)
        , kind_(kind)
        , where_(std::move(where))
        , detail_(std::move(detail)) {}
    Kind kind() const { return kind_; }
    // The database itself is in trouble (away, full, unwritable), not the statement: the node
    // waits for it and carries on, and a client hears 503.
    bool storeInTrouble() const {
        return kind_ == Kind::Unreachable || kind_ == Kind::Full || kind_ == Kind::Unwritable;
    }
    const QString& where() const { return where_; }
    const QString& detail() const { return detail_; }
    // The driver's code for it (SQLite's result code, PostgreSQL's SQLSTATE), if it gave one.
    const QString& code() const { return code_; }
    StoreError& withCode(QString code) {
        code_ = std::move(code);
        return *this;
    }

private:
    Kind kind_;
    QString where_;
    QString detail_;
    QString code_;
};

// One connection, used by one thread. Statements are prepared once and reused.
//
// A PostgreSQL connection can be lost (the server restarts or stops): the failure that finds
// out throws StoreError (Kind::Unreachable), and the next use opens the connection again, at
// most once per back-off period (1 s, doubling to 30 s), preparing statements anew. Until then
// every use throws the same. A transaction under way when the connection went is not resumed:
// it must be unwound (its Transaction destroyed) first.
class Database {
public:
    // What the owner hears when the store gets into trouble (a lost connection, a full disk)
    // and when it is out of it (a reconnect, or a commit that went through).
    using TroubleListener = std::function<void(std::optional<StoreError::Kind> trouble)>;

    // Connects (and for SQLite creates the file); throws StoreError saying why it could not.
    static std::unique_ptr<Database> open(const DatabaseLocation& location);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Dialect dialect() const { return location_.dialect; }
    const DatabaseLocation& location() const { return location_; }

    // A prepared statement for `sql`, cached by its text; bind values, then call run().
    QSqlQuery& prepare(const QString& sql);
    // Executes a prepared statement; throws StoreError with the SQL and the driver's message.
    void run(QSqlQuery& query);
    // Executes one statement without caching it (schema changes, pragmas).
    void execute(const QString& sql);
    // A value sent apart from its statement (runWithParameters).
    struct Parameter {
        enum class Format { Text, Binary, Null };
        QByteArray bytes;
        Format format = Format::Text;
    };
    // PostgreSQL only: runs `sql`, whose values are $1, $2, ..., with the values sent apart
    // from it, as libpq sends them. Qt's driver writes every bound value into the statement's
    // text as a quoted literal, which the server then parses: for a block's body that was most
    // of its store step. Throws StoreError as run() does; rows it returns are not read. Returns
    // how many rows it changed.
    std::int64_t runWithParameters(const QByteArray& sql, const std::vector<Parameter>& parameters);
    // The rows a statement returned, each value in PostgreSQL's binary form. A value that is
    // NULL, or not of the type asked for (a column whose type was changed), or not of its
    // type's width, throws StoreError (the store is corrupt).
    class BinaryRows {
    public:
        ~BinaryRows();
        BinaryRows(BinaryRows&& other) noexcept;
        BinaryRows(const BinaryRows&) = delete;
        BinaryRows& operator=(const BinaryRows&) = delete;
        BinaryRows& operator=(BinaryRows&&) = delete;

        int rows() const;
        QByteArray bytes(int row, int column) const;
        // An integer column (smallint, integer or bigint, told by its width).
        std::int64_t integer(int row, int column) const;
        bool flag(int row, int column) const;

    private:
        friend class Database;
        explicit BinaryRows(void* result)
            : result_(result) {}
        // The value, if it is not NULL and its type is one of `types` (object ids).
        std::string_view value(int row, int column, std::initializer_list<unsigned> types) const;
        void* result_; // libpq's PGresult
    };
    // runWithParameters for a statement that returns rows (RETURNING), read in binary form.
    BinaryRows queryWithParameters(const QByteArray& sql, const std::vector<Parameter>& parameters);
    // SQLite only: `sql` prepared through SQLite's own interface (sqlite_statement.h says
    // when that is worth it), cached by its text, after settling a held transaction as any use
    // does. It stays valid until the connection is closed. (open() refuses a driver whose
    // SQLite is not of this program's release, whose connection this must not use.)
    SqliteStatement& prepareSqlite(const char* sql);

    // False from the failure that lost the connection until it is opened again.
    bool connected() const { return !lost_; }
    // Opens a lost connection again unless the back-off period since the last try has not
    // passed; returns whether it is connected. Throws nothing.
    bool reconnect();
    // How many times a lost connection was opened again: what the store held may have been
    // changed meanwhile (another node may have claimed it while it was away).
    std::uint64_t reconnects() const { return reconnects_; }
    // The trouble the store is in as far as this connection knows: set by a failure of the
    // store (see StoreError::storeInTrouble), cleared by a reconnect or a commit.
    std::optional<StoreError::Kind> trouble() const { return trouble_; }
    // What the driver said when the trouble began (for the owner's log).
    const QString& troubleDetail() const { return troubleDetail_; }
    void setTroubleListener(TroubleListener listener) { troubleListener_ = std::move(listener); }
    // Run on a connection made again before it is used: throwing refuses it (it is then
    // still lost, and tried again later).
    void setReconnectCheck(std::function<void(Database&)> check) {
        reconnectCheck_ = std::move(check);
    }
    // Statements run on every connection this makes from now on, and now (session settings).
    void addSessionSetup(const QString& sql);
    // SQLite: each time commits have added `background` pages to the write-ahead log, a thread
    // of this connection's copies the log into the database (WalCheckpointer). From `restart`
    // pages on, the committing thread copies the pages the thread has not (once it finds the
    // thread idle, or waiting for it at twice `restart`), so that the log starts over.
    struct WalCheckpointPages {
        int background = 10'000; // 40 MB (SQLite's own hook copied that much on the writer)
        int restart = 40'000;    // 160 MB
    };
    void setWalCheckpointPages(WalCheckpointPages pages) { walCheckpointPages_ = pages; }
    // Checkpoints the background thread has completed, once it has done what it was asked.
    std::uint64_t backgroundCheckpointsWhenIdle();
    // How many times work on this connection was undone (a rollback at any depth, a lost
    // connection's open transaction): what was read or written before may no longer hold.
    std::uint64_t undoCount() const { return undoCount_; }

    // An open transaction that its owner keeps while the thread serves others between pieces of
    // its work (a sync's slices) is ended before anyone else's statement or transaction:
    // `settle` commits it (or, failing, leaves it rolled back and throws, which the one who
    // came next then hears). So nobody else's work joins it or shares its fate; the first one
    // waits for its commit.
    void holdOpen(std::function<void()> settle) {
        Q_ASSERT(!settleHeld_ && openTransactions_ == 1);
        settleHeld_ = std::move(settle);
    }
    // Finds out whether the store answers, with a statement that reads it, throwing as any
    // statement would (and so noticing an outage, or the end of one), unless a transaction is
    // held open: its owner's next statement finds out soon enough, and this one would end it.
    void probe();
    // The owner goes on in its held transaction, which nobody settles now.
    void resumeHeld() { settleHeld_ = nullptr; }
    // A transaction is held open: the next use of the store commits it first.
    bool holdingOpen() const { return bool(settleHeld_); }
    // Until allow(): every use throws StoreError of `kind` saying `why`: what was committed
    // differs from what the owner believes, and it catches up first.
    void refuse(const QString& why, StoreError::Kind kind) {
        refusedBecause_ = why;
        refusedKind_ = kind;
    }
    void allow() { refusedBecause_.clear(); }

    // Writes an owner keeps in memory while the outermost transaction is open, to make them
    // together later (a sync batch's outputs and spends: SqlChainStore). They are made before
    // that transaction commits, before a savepoint saying Deferred::WriteFirst begins (so that
    // no other savepoint's rollback undoes them), and when a reader asks (writeDeferred); the
    // outermost transaction's rollback drops them. The owner refuses (throws) where a rollback
    // it does not follow could undo them: inside another savepoint.
    class DeferredWrites {
    public:
        virtual ~DeferredWrites() = default;
        virtual bool pending() const = 0;
        virtual void write() = 0; // throws StoreError as a statement does
        virtual void drop() noexcept = 0;
    };
    void addDeferredWrites(DeferredWrites* writes) { deferredWrites_.push_back(writes); }
    void removeDeferredWrites(DeferredWrites* writes) { std::erase(deferredWrites_, writes); }
    // Makes the deferred writes, after settling a held transaction (whose commit makes them):
    // for whoever reads on this connection what they write.
    void writeDeferred();
    // Transactions open on this connection, savepoints included.
    int openTransactions() const { return openTransactions_; }

    // One SQL transaction: commits on commit(), rolls back if destroyed before that (or if
    // the commit fails, which then throws). Inside another one it is a savepoint: its rollback
    // undoes only its own work, and its commit becomes durable when the outermost one commits
    // (a batch of blocks, for sync).
    class Transaction {
    public:
        // Whether a savepoint makes the deferred writes first. Keep: its work neither reads nor
        // writes what they hold (or it is their owner's): made inside it, and then undone with
        // it, they would be lost.
        enum class Deferred { WriteFirst, Keep };
        explicit Transaction(Database& db, Deferred deferred = Deferred::WriteFirst);
        ~Transaction();
        void commit();

    private:
        Database& db_;
        int depth_; // 0: the outermost (after a held one is settled)
        bool done_ = false;
    };

private:
    friend class SqliteStatement; // fails as any statement does
    Database(DatabaseLocation location, QString connectionName);
    // Opens db_ and applies the session setup; on failure returns what the driver said.
    std::optional<QString> connect();
    StoreError::Kind connectFault_ = StoreError::Kind::Failed; // what the last failed connect met
    std::optional<QSqlError> beginOutermost();
    std::optional<QSqlError> commitOutermost();
    void rollbackOutermost();
    // Throws unless the connection is usable (reconnecting it first if it was lost), after
    // settling a held transaction (holdOpen).
    void ensureConnected();
    void settleHeld();
    // The driver's own connection (QSqlDriver::handle()) if it is of the type `expected`;
    // throws StoreError if not.
    QVariant driverHandle(QMetaType expected);
    // The driver's SQLite connection; throws StoreError if it does not hand one out.
    sqlite3* sqliteHandle();
    // Why the driver's SQLite must not be used through this program's, if it must not.
    std::optional<QString> sqliteLibraryMismatch();
    // SQLite's wal hook: a commit left `pages` pages in the log.
    static int walCommitted(void* self, sqlite3* connection, const char* schema,
                            int pages) noexcept;
    // Wakes the checkpoint thread, or copies the log on this one (WalCheckpointPages).
    void checkpointAfterCommit(sqlite3* connection, const char* schema, int pages);
    void copyLogOnThisThread(sqlite3* connection, const char* schema);
    // Every prepared statement goes, before the connection they belong to does.
    void dropStatements();
    // SQLite's own statements stop where they are (a row read and the rest not wanted, by
    // someone who then threw): one left running makes RELEASE and COMMIT fail. (A rollback
    // stops them by itself.)
    void stopSqliteStatements();
    [[noreturn]] void fail(const QString& what, const QSqlError& error);
    void enterTrouble(StoreError::Kind kind, const QString& detail);
    void leaveTrouble();
    void writeDeferredNow();
    // The connection is outside a transaction while one is open here.
    bool transactionEndedBehindUs();
    bool postgresOutsideTransaction();
    // runWithParameters' and queryWithParameters' statement, sent with results in
    // `resultFormat` (0 text, 1 binary): libpq's result (a PGresult), the caller's to clear.
    void* sendWithParameters(const QByteArray& sql, const std::vector<Parameter>& parameters,
                             int resultFormat);
    [[noreturn]] void throwTransactionEnded();
    void dropDeferred() noexcept;

    DatabaseLocation location_;
    QString connectionName_;
    QSqlDatabase db_;
    QHash<QString, QSqlQuery*> statements_;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> sqliteStatements_;
    int openTransactions_ = 0;
    std::uint64_t undoCount_ = 0;
    std::uint64_t reconnects_ = 0;
    std::function<void()> settleHeld_;
    std::vector<DeferredWrites*> deferredWrites_;
    bool writingDeferred_ = false;
    QString refusedBecause_;
    StoreError::Kind refusedKind_ = StoreError::Kind::Failed;
    QStringList sessionSetup_;
    // Settings a server may refuse (an older one, or one built without what they name): each
    // is tried in every new session, and one refused is left as the server has it.
    QStringList sessionPreferences_;
    bool preferenceRefusalTold_ = false; // (logged once a connection, not at every reconnect)
    bool lost_ = false;
    std::chrono::steady_clock::time_point nextReconnect_;
    std::chrono::milliseconds reconnectBackoff_{0};
    QString lostBecause_;
    std::optional<StoreError::Kind> trouble_;
    QString troubleDetail_;
    TroubleListener troubleListener_;
    std::function<void(Database&)> reconnectCheck_;
    WalCheckpointPages walCheckpointPages_;
    QString sqliteFile_;
    std::optional<FileIdentity> sqliteFileIdentity_; // none: no file (nothing to copy into)
    std::unique_ptr<WalCheckpointer> checkpointer_;  // made at the first commit that needs it
    int walPagesAtWake_ = 0;                         // the log's pages when it was last woken
    bool catchingUp_ = false; // past `restart`: woken so that only a commit's pages are left
    bool noCheckpointThread_ = false; // it could not be started
    bool checkpointFailing_ = false;  // (said once until it works again)
};

} // namespace mbc::store
