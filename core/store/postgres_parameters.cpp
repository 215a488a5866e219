// Database::runWithParameters: a PostgreSQL statement run through libpq on the connection Qt's
// driver holds, with its values sent apart from its text; and what libpq says of the session's
// transaction.
#include "store/database.h"
#include "store/postgres_types.h"

#include <libpq-fe.h>

#include <QtEndian>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <utility>

// As Qt's driver declares it, for the connection it hands out (QSqlDriver::handle()).
Q_DECLARE_OPAQUE_POINTER(PGconn*)
Q_DECLARE_METATYPE(PGconn*)

namespace mbc::store {

namespace {

PGconn* connectionOf(const QVariant& handle) {
    return *static_cast<PGconn* const*>(handle.constData());
}

// Sends `sql` with its values apart and returns libpq's result if the statement succeeded
// (results in `resultFormat`: 0 text, 1 binary); otherwise throws as run() does.
PGresult* send(PGconn* connection, const QByteArray& sql,
               const std::vector<Database::Parameter>& parameters, int resultFormat,
               const std::function<void(const QSqlError&)>& fail) {
    if (!connection) // (not open: no SQLSTATE, so the connection counts as lost)
        fail(QSqlError(QStringLiteral("Unable to create query"),
                       QStringLiteral("no connection to the server"), QSqlError::ConnectionError));
    // A query of Qt's still being read on this connection ends here: libpq drops its other
    // rows, and its next() then finds none, without the warning Qt's driver gives when it drops
    // them before a statement of its own. Every reader of the store reads to the end or calls
    // finish() before anything is written.
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const Database::Parameter& p : parameters) {
        // (libpq reads a text value up to its first NUL, whatever its length.)
        Q_ASSERT(p.format != Database::Parameter::Format::Text || !p.bytes.contains('\0'));
        values.push_back(p.format == Database::Parameter::Format::Null ? nullptr
                                                                       : p.bytes.constData());
        lengths.push_back(int(p.bytes.size()));
        formats.push_back(p.format == Database::Parameter::Format::Binary ? 1 : 0);
    }
    PGresult* const result =
        PQexecParams(connection, sql.constData(), int(parameters.size()), nullptr, values.data(),
                     lengths.data(), formats.data(), resultFormat);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return result;
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
    fail(QSqlError(QStringLiteral("Unable to create query"), message, QSqlError::StatementError,
                   code));
    return nullptr; // (fail throws)
}

} // namespace

void* Database::sendWithParameters(const QByteArray& sql, const std::vector<Parameter>& parameters,
                                   int resultFormat) {
    Q_ASSERT(location_.dialect == Dialect::Postgres);
    ensureConnected();
    const QString what = QStringLiteral("\"%1\"").arg(QString::fromUtf8(sql));
    return send(connectionOf(driverHandle(QMetaType::fromType<PGconn*>())), sql, parameters,
                resultFormat, [&](const QSqlError& error) { fail(what, error); });
}

std::int64_t Database::runWithParameters(const QByteArray& sql,
                                         const std::vector<Parameter>& parameters) {
    auto* const result = static_cast<PGresult*>(sendWithParameters(sql, parameters, 0));
    const std::int64_t changed = std::atoll(PQcmdTuples(result)); // ("" for a statement of none)
    PQclear(result);
    return changed;
}

Database::BinaryRows Database::queryWithParameters(const QByteArray& sql,
                                                   const std::vector<Parameter>& parameters) {
    return BinaryRows(sendWithParameters(sql, parameters, 1));
}

Database::BinaryRows::~BinaryRows() {
    PQclear(static_cast<PGresult*>(result_));
}

Database::BinaryRows::BinaryRows(BinaryRows&& other) noexcept
    : result_(std::exchange(other.result_, nullptr)) {}

int Database::BinaryRows::rows() const {
    return PQntuples(static_cast<const PGresult*>(result_));
}

std::string_view Database::BinaryRows::value(int row, int column,
                                             std::initializer_list<unsigned> types) const {
    const auto* result = static_cast<const PGresult*>(result_);
    if (column >= PQnfields(result) || PQgetisnull(result, row, column))
        throw StoreError("a row read back holds NULL (or too few columns) where a block puts a "
                         "value: the store is corrupt",
                         StoreError::Kind::Corrupt);
    // By its type first: a float or a date has an integer's width, text a byte string's form.
    if (std::find(types.begin(), types.end(), unsigned(PQftype(result, column))) == types.end())
        throw StoreError("a row read back holds a value of type " +
                             std::to_string(PQftype(result, column)) + " in column " +
                             std::to_string(column) +
                             ", not of the type a block puts there: the store is corrupt",
                         StoreError::Kind::Corrupt);
    return {PQgetvalue(result, row, column), std::size_t(PQgetlength(result, row, column))};
}

QByteArray Database::BinaryRows::bytes(int row, int column) const {
    const std::string_view v = value(row, column, {postgres_type::kBytea});
    return QByteArray(v.data(), qsizetype(v.size()));
}

std::int64_t Database::BinaryRows::integer(int row, int column) const {
    const std::string_view v =
        value(row, column, {postgres_type::kInt2, postgres_type::kInt4, postgres_type::kInt8});
    switch (v.size()) {
    case 2:
        return qFromBigEndian<std::int16_t>(v.data());
    case 4:
        return qFromBigEndian<std::int32_t>(v.data());
    case 8:
        return qFromBigEndian<std::int64_t>(v.data());
    default:
        throw StoreError("a row read back holds an integer of " + std::to_string(v.size()) +
                             " bytes: the store is corrupt",
                         StoreError::Kind::Corrupt);
    }
}

bool Database::BinaryRows::flag(int row, int column) const {
    const std::string_view v = value(row, column, {postgres_type::kBool});
    if (v.size() != 1 || (v[0] != 0 && v[0] != 1))
        throw StoreError("a row read back holds a boolean that is not one: the store is corrupt",
                         StoreError::Kind::Corrupt);
    return v[0] == 1;
}

bool Database::postgresOutsideTransaction() {
    PGconn* const connection = connectionOf(driverHandle(QMetaType::fromType<PGconn*>()));
    return connection && PQtransactionStatus(connection) == PQTRANS_IDLE;
}

} // namespace mbc::store
