#pragma once

#include <QByteArray>
#include <QString>

namespace mbc::ui {

// One line typed into the console: `METHOD /path [JSON body]`, a bare `/path` (GET), a full
// http:// URL in place of the path (another node), or `help` or `clear`.
struct ConsoleCommand {
    enum class Kind { Request, Help, Clear, Invalid };
    Kind kind = Kind::Invalid;
    QByteArray method; // GET or POST
    QString target;    // /path?query, or a whole http(s):// URL
    QByteArray body;   // JSON as typed; empty for none
    QString error;     // for Invalid: what is wrong with the line, in the app's language
};

ConsoleCommand parseConsoleLine(const QString& line);

} // namespace mbc::ui
