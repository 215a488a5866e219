#include "support/slow_store.h"

#include "store/database.h"
#include "store/sql_dialect.h"

namespace mbc::test {

void slowDownInserts(store::Database& db, const QString& table) {
    if (db.dialect() == store::Dialect::Sqlite) {
        db.execute("CREATE TABLE IF NOT EXISTS burn (x INTEGER)");
        db.execute("DELETE FROM burn");
        db.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300) "
                   "INSERT INTO burn SELECT x FROM n");
        // (About 5 ms on the development machine: a trigger may not hold a WITH clause.)
        db.execute(QStringLiteral("CREATE TRIGGER slow_%1 AFTER INSERT ON %1 BEGIN "
                                  "SELECT count(*) FROM burn a, burn b, burn c WHERE c.x <= 4; "
                                  "END")
                       .arg(table));
        return;
    }
    db.execute("CREATE OR REPLACE FUNCTION slow_row() RETURNS trigger AS $$ BEGIN "
               "PERFORM pg_sleep(0.005); RETURN NEW; END $$ LANGUAGE plpgsql");
    db.execute(QStringLiteral("CREATE TRIGGER slow_%1 BEFORE INSERT ON %1 FOR EACH ROW "
                              "EXECUTE FUNCTION slow_row()")
                   .arg(table));
}

void refuseInserts(store::Database& db, const QString& table) {
    if (db.dialect() == store::Dialect::Sqlite) {
        db.execute(QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE INSERT ON %1 BEGIN "
                                  "SELECT RAISE(ABORT, 'injected failure'); END")
                       .arg(table));
        return;
    }
    db.execute("CREATE OR REPLACE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN "
               "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql");
    db.execute(QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE INSERT ON %1 FOR EACH ROW "
                              "EXECUTE FUNCTION refuse_row()")
                   .arg(table));
}

} // namespace mbc::test
