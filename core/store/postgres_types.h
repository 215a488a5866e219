#pragma once

// The object ids of the PostgreSQL types the store sends and reads in binary form, as
// PostgreSQL's catalog fixes them (pg_type.dat): the binary form names each array's element
// type, and each column read back is checked against its type.
namespace mbc::store::postgres_type {

inline constexpr unsigned kBool = 16;
inline constexpr unsigned kBytea = 17;
inline constexpr unsigned kInt8 = 20;
inline constexpr unsigned kInt2 = 21;
inline constexpr unsigned kInt4 = 23;

} // namespace mbc::store::postgres_type
