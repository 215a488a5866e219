#include "store/postgres_arrays.h"

#include "store/postgres_types.h"

#include <QtEndian>

#include <stdexcept>

namespace mbc::store {
namespace {

// An element type's name and object id.
struct ElementType {
    const char* name;
    std::uint32_t oid;
};

ElementType elementType(PostgresArrays::Type t) {
    switch (t) {
    case PostgresArrays::Type::Bytes:
        return {"bytea", postgres_type::kBytea};
    case PostgresArrays::Type::BigInt:
        return {"int8", postgres_type::kInt8};
    case PostgresArrays::Type::Flag:
        return {"bool", postgres_type::kBool};
    }
    throw std::logic_error("an array element of no known type");
}

// Integers of the binary form are big-endian.
void appendBigEndian(QByteArray& out, std::uint32_t v) {
    char bytes[4];
    qToBigEndian(v, bytes);
    out.append(bytes, 4);
}

void appendBigEndian(QByteArray& out, std::uint64_t v) {
    char bytes[8];
    qToBigEndian(v, bytes);
    out.append(bytes, 8);
}

} // namespace

PostgresArrays::PostgresArrays(std::initializer_list<Column> columns)
    : columns_(columns)
    , elements_(columns_.size()) {}

QByteArray& PostgresArrays::next(Type type) {
    const std::size_t column = filled_ % columns_.size();
    if (columns_[column].type != type)
        throw std::logic_error(std::string("a value of another type for column ") +
                               columns_[column].name);
    ++filled_;
    if (column == 0)
        ++rows_;
    return elements_[column];
}

void PostgresArrays::add(ByteSpan bytes) {
    // (The binary form gives each element's length in 32 bits; a block's values are far below.)
    if (bytes.size() > kMostElementBytes)
        throw std::length_error("a value of " + std::to_string(bytes.size()) +
                                " bytes for an array parameter");
    QByteArray& out = next(Type::Bytes);
    appendBigEndian(out, std::uint32_t(bytes.size()));
    out.append(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

void PostgresArrays::add(std::int64_t n) {
    QByteArray& out = next(Type::BigInt);
    appendBigEndian(out, std::uint32_t(8));
    appendBigEndian(out, std::uint64_t(n));
}

void PostgresArrays::add(bool flag) {
    QByteArray& out = next(Type::Flag);
    appendBigEndian(out, std::uint32_t(1));
    out.append(flag ? '\1' : '\0');
}

QByteArray PostgresArrays::table(const char* alias, int firstParameter) const {
    QByteArray arrays, names;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) {
            arrays += ", ";
            names += ", ";
        }
        arrays += '$' + QByteArray::number(firstParameter + int(i)) +
                  "::" + elementType(columns_[i].type).name + "[]";
        names += columns_[i].name;
    }
    return "unnest(" + arrays + ") AS " + alias + " (" + names + ")";
}

void PostgresArrays::appendParameters(std::vector<Database::Parameter>& out) const {
    if (filled_ % columns_.size() != 0)
        throw std::logic_error("an array parameter of a row not given whole");
    for (const QByteArray& column : elements_)
        if (std::size_t(column.size()) > kMostElementBytes) // (PostgreSQL takes 1 GB at most)
            throw std::length_error("an array parameter of " + std::to_string(column.size()) +
                                    " bytes");
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        // array_recv's form: dimensions, a has-NULLs flag, the element type, each dimension's
        // length and lower bound, then the elements. No rows: an array of no dimensions.
        QByteArray bytes;
        bytes.reserve(20 + elements_[i].size());
        appendBigEndian(bytes, std::uint32_t(rows_ == 0 ? 0 : 1));
        appendBigEndian(bytes, std::uint32_t(0));
        appendBigEndian(bytes, elementType(columns_[i].type).oid);
        if (rows_ > 0) {
            appendBigEndian(bytes, std::uint32_t(rows_));
            appendBigEndian(bytes, std::uint32_t(1));
        }
        bytes += elements_[i];
        out.push_back({std::move(bytes), Database::Parameter::Format::Binary});
    }
}

} // namespace mbc::store
