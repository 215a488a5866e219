#pragma once

#include "store/database.h"

namespace mbc::store {

// The newest schema version this build knows.
int latestSchemaVersion();

// Brings the schema up to date, one numbered migration per SQL transaction. Throws StoreError
// if the database was written by a newer MiniBitcoin (it is left untouched).
void migrate(Database& db);
// The same, up to `version` only (tests build the stores older releases wrote).
void migrateTo(Database& db, int version);

// The schema version the database is at (0 for an empty database).
int schemaVersion(Database& db);

} // namespace mbc::store
