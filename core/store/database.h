#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <stdexcept>
#include <variant>

namespace mbc::store {

// A storage failure the caller cannot fix by changing its input (the database is gone, full,
// or newer than this build). The message says what and where.
class StoreError : public std::runtime_error {
public:
    enum class Kind {
        Failed,        // a statement failed
        DriverMissing, // the Qt SQL driver is not installed
        CannotOpen,    // the database cannot be opened or reached
        NewerSchema,   // written by a newer MiniBitcoin
        OtherChain,    // holds another network's chain
    };
    // `where`: the database (or the driver's package); `detail`: what the driver said.
    explicit StoreError(const std::string& message, Kind kind = Kind::Failed, QString where = {},
                        QString detail = {})
        : std::runtime_error(message)
        , kind_(kind)
        , where_(std::move(where))
        , detail_(std::move(detail)) {}
    Kind kind() const { return kind_; }
    const QString& where() const { return where_; }
    const QString& detail() const { return detail_; }

private:
    Kind kind_;
    QString where_;
    QString detail_;
};

enum class Dialect { Sqlite, Postgres };

// Where the data lives: an SQLite file (the default) or a PostgreSQL database.
struct DatabaseLocation {
    Dialect dialect = Dialect::Sqlite;
    QString sqlitePath;
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString databaseName;
    QString user;
    QString password;

    static DatabaseLocation sqliteFile(const QString& path);
    // postgresql://user:password@host:port/dbname (postgres:// accepted too). On a malformed
    // URL, returns the reason.
    static std::variant<DatabaseLocation, QString> fromUrl(const QString& url);
    // For messages and logs: never includes the password.
    QString describe() const;
    // Names it in any language: the file's path, or postgresql://user@host:port/name (never
    // the password).
    QString displayName() const;
};

// One connection, used by one thread. Statements are prepared once and reused.
class Database {
public:
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

    // One SQL transaction: commits on commit(), rolls back if destroyed before that (or if
    // the commit fails, which then throws). Inside another one it is a savepoint: its rollback
    // undoes only its own work, and its commit becomes durable when the outermost one commits
    // (a batch of blocks, for sync).
    class Transaction {
    public:
        explicit Transaction(Database& db);
        ~Transaction();
        void commit();

    private:
        Database& db_;
        int depth_; // 0: the outermost
        bool done_ = false;
    };

private:
    Database(DatabaseLocation location, QString connectionName);
    [[noreturn]] void fail(const QString& what, const QString& detail) const;

    DatabaseLocation location_;
    QString connectionName_;
    QSqlDatabase db_;
    QHash<QString, QSqlQuery*> statements_;
    int openTransactions_ = 0;
};

} // namespace mbc::store
