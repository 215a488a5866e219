#pragma once

#include "store/database.h"

namespace mbc::store {

// A store has one writer: its node. Every write, and the chain store's cache of the tip
// (chain_state_cache.h), rests on that. A SQLite file lies inside the node's data directory,
// which the node locks; a PostgreSQL database is claimed by a session advisory lock, held as
// long as the connection lasts and taken again when the connection is made again. A database
// that another node's connection holds throws StoreError (Kind::CannotOpen) saying so.
void claimStore(Database& db);

} // namespace mbc::store
