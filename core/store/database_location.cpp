#include "store/database_location.h"

#include <QUrl>

namespace mbc::store {
namespace {

// `text` as a message may quote it: the password of user:password@ replaced by ***, so that an
// error (on stderr, in a journal, in a dialog) does not show it.
QString withoutPassword(const QString& text) {
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const qsizetype from = scheme < 0 ? 0 : scheme + 3;
    const qsizetype at = text.lastIndexOf('@');
    if (at < from)
        return text;
    const qsizetype colon = text.indexOf(':', from);
    if (colon < 0 || colon > at)
        return text;
    return text.left(colon + 1) + QStringLiteral("***") + text.mid(at);
}

} // namespace

DatabaseLocation DatabaseLocation::sqliteFile(const QString& path) {
    DatabaseLocation l;
    l.dialect = Dialect::Sqlite;
    l.sqlitePath = path;
    return l;
}

std::variant<DatabaseLocation, QString> DatabaseLocation::fromUrl(const QString& text) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("'%1' is not a valid URL").arg(withoutPassword(text));
    if (url.scheme() != "postgresql" && url.scheme() != "postgres")
        return QStringLiteral("'%1' is not a PostgreSQL URL (postgresql://user:pass@host:port/db)")
            .arg(url.scheme());
    DatabaseLocation l;
    l.dialect = Dialect::Postgres;
    l.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    l.port = url.port(5432);
    l.databaseName = url.path().mid(1);
    l.user = url.userName();
    l.password = url.password();
    if (l.databaseName.isEmpty() || l.databaseName.contains('/'))
        return QStringLiteral("the URL names no database (postgresql://user:pass@host:port/db)");
    return l;
}

QString DatabaseLocation::displayName() const {
    if (dialect == Dialect::Sqlite)
        return sqlitePath;
    return QStringLiteral("postgresql://%1%2:%3/%4")
        .arg(user.isEmpty() ? QString() : user + '@', host)
        .arg(port)
        .arg(databaseName);
}

QString DatabaseLocation::describe() const {
    if (dialect == Dialect::Sqlite)
        return QStringLiteral("SQLite database %1").arg(sqlitePath);
    return QStringLiteral("PostgreSQL database '%1' at %2:%3%4")
        .arg(databaseName, host)
        .arg(port)
        .arg(user.isEmpty() ? QString() : QStringLiteral(" as %1").arg(user));
}

} // namespace mbc::store
