#include "support/test_database.h"

#include "store/migrations.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace mbc::test {

bool suitesMustRun() {
    const QByteArray ci = qgetenv("CI");
    return !ci.isEmpty() && ci != "false" && ci != "0";
}

std::int64_t queryInteger(store::Database& db, const QString& sql) {
    QSqlQuery& q = db.prepare(sql);
    db.run(q);
    const std::int64_t n = q.next() ? q.value(0).toLongLong() : -1;
    q.finish();
    return n;
}

bool testBackendIsSqlite() {
    const QByteArray backend = qgetenv("MBC_TEST_BACKEND");
    return backend.isEmpty() || backend == "sqlite";
}

std::unique_ptr<TestDatabase> TestDatabase::create(QString* why) {
    std::unique_ptr<TestDatabase> t(new TestDatabase());
    if (!t->dir_.isValid()) {
        *why = "cannot create a temporary directory";
        return nullptr;
    }
    const QByteArray backend = qgetenv("MBC_TEST_BACKEND");
    if (testBackendIsSqlite()) {
        t->location_ = store::DatabaseLocation::sqliteFile(t->dir_.filePath("chain.sqlite"));
        return t;
    }
    if (backend != "postgres") {
        *why = "unknown MBC_TEST_BACKEND " + QString::fromUtf8(backend);
        return nullptr;
    }
    QFile state(QString::fromLocal8Bit(qgetenv("MBC_TEST_POSTGRES_STATE")));
    if (!state.open(QIODevice::ReadOnly)) {
        *why = "no PostgreSQL test server is running (state file '" + state.fileName() +
               "' missing; the postgres fixture did not start)";
        return nullptr;
    }
    t->adminUrl_ = QString::fromUtf8(state.readLine()).trimmed();
    const auto parsed = store::DatabaseLocation::fromUrl(t->adminUrl_);
    const auto* admin = std::get_if<store::DatabaseLocation>(&parsed);
    if (!admin) {
        *why = "bad PostgreSQL URL in the state file: " + t->adminUrl_;
        return nullptr;
    }
    const QString name = QStringLiteral("mbc_%1").arg(QRandomGenerator::global()->generate64(), 16,
                                                      16, QLatin1Char('0'));
    {
        auto conn = store::Database::open(*admin);
        conn->execute("CREATE DATABASE " + name);
    }
    t->location_ = *admin;
    t->location_.databaseName = name;
    return t;
}

TestDatabase::~TestDatabase() {
    if (location_.dialect != store::Dialect::Postgres)
        return;
    try {
        auto admin = std::get<store::DatabaseLocation>(store::DatabaseLocation::fromUrl(adminUrl_));
        auto conn = store::Database::open(admin);
        conn->execute("DROP DATABASE IF EXISTS " + location_.databaseName + " WITH (FORCE)");
    } catch (const std::exception&) {
        // the server is going away with the fixture anyway
    }
}

std::unique_ptr<store::Database> TestDatabase::connect() const {
    auto db = store::Database::open(location_);
    store::migrate(*db);
    return db;
}

std::unique_ptr<store::Database> TestDatabase::connectUnmigrated() const {
    return store::Database::open(location_);
}

QString TestDatabase::databaseUrl() const {
    if (location_.dialect != store::Dialect::Postgres)
        return {};
    return QStringLiteral("postgresql://%1:%2@%3:%4/%5")
        .arg(location_.user, location_.password, location_.host)
        .arg(location_.port)
        .arg(location_.databaseName);
}

QString TestDatabase::backendName() const {
    return location_.dialect == store::Dialect::Postgres ? "postgres" : "sqlite";
}

} // namespace mbc::test
