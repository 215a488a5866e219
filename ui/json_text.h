#pragma once

#include <QByteArray>
#include <QString>

namespace mbc::ui {

// `json` indented four spaces a level, every token as sent (numbers are not reparsed, so none
// is rounded); nullopt-like empty string if it is not JSON.
QString indentedJson(const QByteArray& json);

} // namespace mbc::ui
