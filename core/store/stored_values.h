#pragma once

#include "chain/block_record.h"
#include "consensus/primitives/block.h"
#include "consensus/rules/state_views.h"
#include "store/database.h"

#include <QString>
#include <QVariant>

#include <optional>

class QSqlQuery;

namespace mbc::store {

// The tables' values as the node reads them back. The database is a file (or a server) that a
// crash, a disk or anyone with access may have changed: a value no block could have written is
// reported as a corrupt store (StoreError), and no row makes a read larger than a valid one.

// The blocks table's record columns, each prefixed (e.g. "b."), in the order readBlockRecord
// reads them from a query's first kBlockRecordColumnCount values.
QString blockRecordColumns(const QString& prefix = QString());
inline constexpr int kBlockRecordColumnCount = 14;
BlockRecord readBlockRecord(const QSqlQuery& q);

// Hex text as the tables hold it (all but the outputs table's keys), and back.
QString hexText(const Hash256& hash);
QString workText(const UInt256& value); // 64 hex digits, zero-padded
Hash256 hashFromText(const QString& text);
UInt256 workFromText(const QString& text);
// A hash the outputs table holds as its bytes; StoreError if it is not 32 of them.
Hash256 hashFromBytes(ByteSpan bytes);
// A value of the outputs table that is not the bytes a block put there (edited on disk, or
// NULL): none. (Qt hands a text value over as its characters, which are not those bytes either.)
QByteArray bytesColumn(const QVariant& value);
ByteSpan bytesOf(const QByteArray& bytes);
Hash256 hashFromBytes(const QVariant& value);
// An output's coin as the outputs table holds it. The table is a file anyone with the disk may
// have edited: a value no block could have made throws StoreError (the store is corrupt).
Coin coinFromColumns(ByteSpan pubkeyHash, std::int64_t amount, std::int64_t height,
                     std::int64_t coinbase);
// The same from columns as read, each nullopt if it was a NULL or a value of another type.
Coin coinFromColumns(const std::optional<Bytes>& pubkeyHash, std::optional<std::int64_t> amount,
                     std::optional<std::int64_t> height, std::optional<std::int64_t> coinbase);
// The same from a query's values.
Coin coinFromColumns(const QVariant& pubkeyHash, const QVariant& amount, const QVariant& height,
                     const QVariant& coinbase);
// An integer column's value (a flag's too); nullopt for a NULL, a text or a real.
std::optional<std::int64_t> integerValue(const QVariant& value);

// A block body column, read so that no row makes the read larger than a block may be:
// boundedBodyColumns(dialect, "s.data") selects two values (the body, or NULL if it is longer
// than MAX_BLOCK_SIZE or not bytes, and its length) that the readers below take from `index`.
QString boundedBodyColumns(Dialect dialect, const QString& column);
// The body; nullopt if it is longer than any block, or not bytes (so not the block's body).
std::optional<Bytes> boundedBody(const QSqlQuery& q, int index);
// The body of block `hash`; a longer one is a corrupt store (StoreError).
Bytes requireBoundedBody(const QSqlQuery& q, int index, const Hash256& hash);

} // namespace mbc::store
