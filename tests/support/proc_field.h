#pragma once

#include <QString>

namespace mbc::test {

// The number after "<key>:" in a /proc file of "key: value [unit]" lines (/proc/<pid>/status,
// /proc/<pid>/io); -1 if the file cannot be read or has no such line.
double procField(const QString& path, const char* key);

} // namespace mbc::test
