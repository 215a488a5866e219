#include "store/stored_values.h"

#include "consensus/primitives/amount.h"

#include <QSqlQuery>
#include <QStringList>

#include <algorithm>
#include <climits>

namespace mbc::store {
namespace {

const char* const kRecordColumnNames[kBlockRecordColumnCount] = {
    "hash",  "prev_hash",  "height", "version", "merkle_root", "timestamp", "target",
    "nonce", "chain_work", "status", "seq",     "size",        "tx_count",  "received_at"};

// How much of a value an error message shows: a damaged row may hold any length.
constexpr qsizetype kShownCharacters = 80;

std::string shown(const QString& text) {
    return (text.size() > kShownCharacters ? text.left(kShownCharacters) + "..." : text)
        .toStdString();
}

// Column `index` of a block record as an integer within [least, most]: a NULL, a text or a
// number no block has (a negative height, a timestamp past 32 bits) must not read as another.
std::int64_t recordInteger(const QSqlQuery& q, int index, std::int64_t least, std::int64_t most) {
    const QVariant value = q.value(index);
    const std::optional<std::int64_t> n = integerValue(value);
    if (!n || *n < least || *n > most)
        throw StoreError(
            "the store is corrupt: block " + shown(q.value(0).toString()) + "'s " +
                kRecordColumnNames[index] + " is " +
                (value.isNull() ? std::string("NULL") : "'" + shown(value.toString()) + "'") +
                ", which no block has",
            StoreError::Kind::Corrupt);
    return *n;
}

} // namespace

QString blockRecordColumns(const QString& prefix) {
    QStringList columns;
    for (const char* name : kRecordColumnNames)
        columns << prefix + QString::fromLatin1(name);
    return columns.join(", ");
}

BlockRecord readBlockRecord(const QSqlQuery& q) {
    BlockRecord r;
    r.hash = hashFromText(q.value(0).toString());
    r.header.prevHash = hashFromText(q.value(1).toString());
    r.height = std::uint32_t(recordInteger(q, 2, 0, INT32_MAX)); // the tables' INTEGER
    r.header.version = std::int32_t(recordInteger(q, 3, INT32_MIN, INT32_MAX));
    r.header.merkleRoot = hashFromText(q.value(4).toString());
    r.header.timestamp = std::uint32_t(recordInteger(q, 5, 0, UINT32_MAX));
    r.header.target = workFromText(q.value(6).toString());
    r.header.nonce = std::uint32_t(recordInteger(q, 7, 0, UINT32_MAX));
    r.chainWork = workFromText(q.value(8).toString());
    const auto status = parseBlockStatus(q.value(9).toString().toStdString());
    if (!status)
        throw StoreError("the store is corrupt: block " + r.hash.hex() + " has unknown status '" +
                             shown(q.value(9).toString()) + "'",
                         StoreError::Kind::Corrupt);
    r.status = *status;
    r.seq = recordInteger(q, 10, 0, INT64_MAX);
    r.size = std::uint32_t(recordInteger(q, 11, 0, MAX_BLOCK_SIZE));
    r.txCount = std::uint32_t(recordInteger(q, 12, 0, MAX_BLOCK_SIZE));
    r.receivedAt = recordInteger(q, 13, INT64_MIN, INT64_MAX);
    return r;
}

QString hexText(const Hash256& hash) {
    return QString::fromLatin1(hash.hex());
}

QString workText(const UInt256& value) {
    return QString::fromLatin1(toHex(value.toBigEndian()));
}

Hash256 hashFromText(const QString& text) {
    auto h = Hash256::fromHex(text.toStdString());
    if (!h)
        throw StoreError("the store holds a malformed hash '" + shown(text) + "'",
                         StoreError::Kind::Corrupt);
    return *h;
}

UInt256 workFromText(const QString& text) {
    const auto h = Hash256::fromHex(text.toStdString());
    if (!h)
        throw StoreError("the store holds a malformed 256-bit value '" + shown(text) + "'",
                         StoreError::Kind::Corrupt);
    return UInt256::fromBigEndian(h->bytes);
}

ByteSpan bytesOf(const QByteArray& bytes) {
    return ByteSpan(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                    std::size_t(bytes.size()));
}

QByteArray bytesColumn(const QVariant& value) {
    return value.metaType().id() == QMetaType::QByteArray ? value.toByteArray() : QByteArray();
}

Hash256 hashFromBytes(ByteSpan bytes) {
    Hash256 h;
    if (bytes.size() != h.size())
        throw StoreError("the outputs table holds a malformed txid (" +
                             std::to_string(bytes.size()) + " bytes, '" +
                             toHex(bytes.first(std::min<std::size_t>(bytes.size(), 64))) +
                             "'): the store is corrupt",
                         StoreError::Kind::Corrupt);
    std::copy(bytes.begin(), bytes.end(), h.bytes.begin());
    return h;
}

Hash256 hashFromBytes(const QVariant& value) {
    const QByteArray bytes = bytesColumn(value);
    return hashFromBytes(bytesOf(bytes));
}

Coin coinFromColumns(ByteSpan pubkeyHash, std::int64_t amount, std::int64_t height,
                     std::int64_t coinbase) {
    Coin c;
    if (pubkeyHash.size() != c.output.pubkeyHash.size() || !moneyRange(amount) || height < 0 ||
        height > UINT32_MAX || (coinbase != 0 && coinbase != 1)) {
        constexpr std::size_t kShown = 32; // bytes of an edited address, which may be any length
        throw StoreError("the outputs table holds a coin no block made (pubkey_hash '" +
                             toHex(pubkeyHash.first(std::min(pubkeyHash.size(), kShown))) +
                             (pubkeyHash.size() > kShown ? "...'" : "'") + " of " +
                             std::to_string(pubkeyHash.size()) + " bytes, amount " +
                             std::to_string(amount) + ", height " + std::to_string(height) +
                             ", coinbase " + std::to_string(coinbase) + "): the store is corrupt",
                         StoreError::Kind::Corrupt);
    }
    std::copy(pubkeyHash.begin(), pubkeyHash.end(), c.output.pubkeyHash.bytes.begin());
    c.output.amount = amount;
    c.height = std::uint32_t(height);
    c.coinbase = coinbase == 1;
    return c;
}

Coin coinFromColumns(const std::optional<Bytes>& pubkeyHash, std::optional<std::int64_t> amount,
                     std::optional<std::int64_t> height, std::optional<std::int64_t> coinbase) {
    if (!pubkeyHash || !amount || !height || !coinbase)
        throw StoreError("the outputs table holds a coin with a NULL or a value of another type "
                         "where a block puts its own: the store is corrupt",
                         StoreError::Kind::Corrupt);
    return coinFromColumns(*pubkeyHash, *amount, *height, *coinbase);
}

Coin coinFromColumns(const QVariant& pubkeyHash, const QVariant& amount, const QVariant& height,
                     const QVariant& coinbase) {
    const QByteArray bytes = bytesColumn(pubkeyHash);
    std::optional<Bytes> pubkey;
    if (!pubkeyHash.isNull() && pubkeyHash.metaType().id() == QMetaType::QByteArray)
        pubkey.emplace(bytes.begin(), bytes.end());
    return coinFromColumns(pubkey, integerValue(amount), integerValue(height),
                           integerValue(coinbase));
}

std::optional<std::int64_t> integerValue(const QVariant& value) {
    if (value.isNull())
        return std::nullopt;
    switch (value.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return value.toLongLong();
    case QMetaType::ULongLong: // no column of the store holds one past 63 bits
        return value.toULongLong() <= INT64_MAX ? std::optional<std::int64_t>(value.toLongLong())
                                                : std::nullopt;
    default:
        return std::nullopt;
    }
}

QString boundedBodyColumns(Dialect dialect, const QString& column) {
    // length() of a blob or a bytea reads its size, not its bytes. SQLite's of a text (which
    // its loose typing lets a body be) reads all of it, and counts characters to the first NUL:
    // a text is not a body, and its length is not asked.
    if (dialect == Dialect::Sqlite)
        return QStringLiteral("CASE WHEN typeof(%1) = 'blob' AND length(%1) <= %2 THEN %1 END, "
                              "CASE WHEN typeof(%1) = 'blob' THEN length(%1) END")
            .arg(column)
            .arg(MAX_BLOCK_SIZE);
    return QStringLiteral("CASE WHEN length(%1) <= %2 THEN %1 END, length(%1)")
        .arg(column)
        .arg(MAX_BLOCK_SIZE);
}

std::optional<Bytes> boundedBody(const QSqlQuery& q, int index) {
    const QVariant body = q.value(index);
    if (body.isNull())
        return std::nullopt;
    const QByteArray bytes = body.toByteArray();
    return Bytes(bytes.begin(), bytes.end());
}

Bytes requireBoundedBody(const QSqlQuery& q, int index, const Hash256& hash) {
    auto body = boundedBody(q, index);
    if (!body && q.value(index + 1).isNull())
        throw StoreError("the store is corrupt: the body of block " + hash.hex() + " is not bytes",
                         StoreError::Kind::Corrupt);
    if (!body)
        throw StoreError("the store is corrupt: the body of block " + hash.hex() + " is " +
                             shown(q.value(index + 1).toString()) +
                             " bytes, more than a block may be (" + std::to_string(MAX_BLOCK_SIZE) +
                             ")",
                         StoreError::Kind::Corrupt);
    return std::move(*body);
}

} // namespace mbc::store
