#pragma once

#include "store/database.h"

#include <QSqlError>

namespace mbc::store {

// What a failed statement says about the store itself, from the driver's error code: a lost
// connection (PostgreSQL restarted, stopped or unreachable), a full disk, a file that cannot be
// written, or none of these (a failure of the statement: its kind stays Failed).
StoreError::Kind faultKindOf(Dialect dialect, const QSqlError& error);

// Whether a failure of this kind means the connection is gone and must be opened again before
// anything else runs on it (PostgreSQL; an SQLite connection outlives its file's errors).
bool losesConnection(Dialect dialect, StoreError::Kind kind);

} // namespace mbc::store
