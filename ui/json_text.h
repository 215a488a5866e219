#pragma once

#include <QByteArray>
#include <QString>

namespace mbc::ui {

// `json` indented four spaces a level, every token as sent (numbers are not reparsed, so none
// is rounded); as it came if nested too deep to indent at a sensible size; empty if it is not
// JSON.
QString indentedJson(const QByteArray& json);

} // namespace mbc::ui
