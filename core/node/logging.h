#pragma once

#include <QLoggingCategory>
#include <QString>

#include <functional>

// One category per subsystem; filter with LOG_LEVEL (or QT_LOGGING_RULES for one of them).
Q_DECLARE_LOGGING_CATEGORY(lcNode)
Q_DECLARE_LOGGING_CATEGORY(lcChain)
Q_DECLARE_LOGGING_CATEGORY(lcMempool)
Q_DECLARE_LOGGING_CATEGORY(lcMining)
Q_DECLARE_LOGGING_CATEGORY(lcStore)
Q_DECLARE_LOGGING_CATEGORY(lcNet)

namespace mbc::node {

// Sends every message to stderr and, if `logFile` is not empty, appends it there too, as
// "2026-11-23T10:00:00.123Z INFO  chain: message". `level` is debug, info, warning or error.
// Returns false (and logs to stderr only) if the file cannot be opened. Past `maxFileBytes` the
// file is rotated (".1", ".2"; older ones are deleted); 0: never.
bool installLogging(const QString& level, const QString& logFile, qint64 maxFileBytes = 10'000'000);

// Stops writing to the log file (at shutdown).
void closeLogFile();

// Also hands every line installLogging writes to `listener` (the app's Log pane), from
// whichever thread logged it: keep it quick and thread-safe. An empty function removes it.
void setLogListener(std::function<void(const QString& line)> listener);

} // namespace mbc::node
