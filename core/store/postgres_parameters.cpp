// Database::runWithParameters: a PostgreSQL statement run through libpq on the connection Qt's
// driver holds, with its values sent apart from its text; and what libpq says of the session's
// transaction.
#include "store/database.h"

#include <libpq-fe.h>

// As Qt's driver declares it, for the connection it hands out (QSqlDriver::handle()).
Q_DECLARE_OPAQUE_POINTER(PGconn*)
Q_DECLARE_METATYPE(PGconn*)

namespace mbc::store {

void Database::runWithParameters(const QByteArray& sql, const std::vector<Parameter>& parameters) {
    Q_ASSERT(location_.dialect == Dialect::Postgres);
    ensureConnected();
    const QString what = QStringLiteral("\"%1\"").arg(QString::fromUtf8(sql));
    PGconn* const connection =
        *static_cast<PGconn* const*>(driverHandle(QMetaType::fromType<PGconn*>()).constData());
    if (!connection) // (not open: no SQLSTATE, so the connection counts as lost)
        fail(what,
             QSqlError(QStringLiteral("Unable to create query"),
                       QStringLiteral("no connection to the server"), QSqlError::ConnectionError));
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const Parameter& p : parameters) {
        // (libpq reads a text value up to its first NUL, whatever its length.)
        Q_ASSERT(p.format != Parameter::Format::Text || !p.bytes.contains('\0'));
        values.push_back(p.format == Parameter::Format::Null ? nullptr : p.bytes.constData());
        lengths.push_back(int(p.bytes.size()));
        formats.push_back(p.format == Parameter::Format::Binary ? 1 : 0);
    }
    PGresult* const result =
        PQexecParams(connection, sql.constData(), int(parameters.size()), nullptr, values.data(),
                     lengths.data(), formats.data(), 0);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        PQclear(result);
        return;
    }
    // As Qt's driver reports a failed statement, so that it is classed the same way: by its
    // SQLSTATE, and without one (libpq failed before the server answered) as a lost
    // connection. A connection the failure ended is lost whatever the server said.
    const char* const sqlState = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const QString code = PQstatus(connection) == CONNECTION_BAD ? QStringLiteral("08006")
                         : sqlState                             ? QString::fromLatin1(sqlState)
                                                                : QString();
    const QString message =
        QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(connection))
            .trimmed();
    PQclear(result);
    fail(what, QSqlError(QStringLiteral("Unable to create query"), message,
                         QSqlError::StatementError, code));
}

bool Database::postgresOutsideTransaction() {
    PGconn* const connection =
        *static_cast<PGconn* const*>(driverHandle(QMetaType::fromType<PGconn*>()).constData());
    return connection && PQtransactionStatus(connection) == PQTRANS_IDLE;
}

} // namespace mbc::store
