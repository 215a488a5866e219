#pragma once

#include <QString>

#include <cstdint>

namespace mbc::ui {

// A moment as the app shows it: "2026-11-30 14:05:09", local time.
QString dateTimeText(std::int64_t secondsSinceEpoch);
// The same, or "never" for 0 (a peer not seen yet).
QString whenText(std::int64_t secondsSinceEpoch);

} // namespace mbc::ui
