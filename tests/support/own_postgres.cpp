#include "support/own_postgres.h"

#include <QFile>
#include <QProcess>

namespace mbc::test {

OwnPostgres::OwnPostgres() {
    ok_ = run("start");
}

OwnPostgres::~OwnPostgres() {
    run("stop");
}

QString OwnPostgres::url() const {
    QFile f(state());
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readLine()).trimmed() : QString();
}

std::unique_ptr<store::Database> OwnPostgres::connect() const {
    const auto location = store::DatabaseLocation::fromUrl(url());
    return store::Database::open(std::get<store::DatabaseLocation>(location));
}

double OwnPostgres::number(const QString& sql) const {
    if (!readings_)
        readings_ = connect();
    store::Database* db = readings_.get();
    QSqlQuery& q = db->prepare(sql);
    db->run(q);
    if (!q.next())
        throw store::StoreError("no answer to " + sql.toStdString());
    const double value = q.value(0).toDouble();
    q.finish();
    return value;
}

std::vector<qint64> OwnPostgres::sessionPids(const QString& databaseUrl) const {
    const auto location = store::DatabaseLocation::fromUrl(databaseUrl);
    if (!std::holds_alternative<store::DatabaseLocation>(location))
        return {};
    if (!readings_)
        readings_ = connect();
    store::Database* db = readings_.get();
    QSqlQuery& q = db->prepare("SELECT pid FROM pg_stat_activity WHERE datname = ? AND "
                               "backend_type = 'client backend' AND pid <> pg_backend_pid()");
    q.addBindValue(std::get<store::DatabaseLocation>(location).databaseName);
    db->run(q);
    std::vector<qint64> pids;
    while (q.next())
        pids.push_back(q.value(0).toLongLong());
    q.finish();
    return pids;
}

bool OwnPostgres::run(const char* action) {
    readings_.reset(); // a restart or stop cuts it; the next reading connects again
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(MBC_POSTGRES_FIXTURE), {QString::fromLatin1(action), state()});
    const bool ok =
        p.waitForFinished(120'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    output_ = QString::fromUtf8(p.readAll());
    return ok;
}

} // namespace mbc::test
