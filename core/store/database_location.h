#pragma once

#include <QString>

#include <variant>

namespace mbc::store {

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

} // namespace mbc::store
