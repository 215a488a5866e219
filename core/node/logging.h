#pragma once

#include <QLoggingCategory>
#include <QString>

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
// Returns false (and logs to stderr only) if the file cannot be opened.
bool installLogging(const QString& level, const QString& logFile);

// Stops writing to the log file (at shutdown).
void closeLogFile();

} // namespace mbc::node
