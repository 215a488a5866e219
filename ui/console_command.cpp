#include "ui/console_command.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QUrl>

namespace mbc::ui {
namespace {

// The context lupdate gives a tr() of this namespace.
QString tr(const char* text) {
    return QCoreApplication::translate("mbc::ui", text);
}

ConsoleCommand invalid(const QString& why) {
    ConsoleCommand c;
    c.error = why;
    return c;
}

} // namespace

ConsoleCommand parseConsoleLine(const QString& line) {
    const QString text = line.trimmed();
    const QString word = text.section(' ', 0, 0, QString::SectionSkipEmpty);
    if (word.compare("help", Qt::CaseInsensitive) == 0 && text.size() == word.size())
        return {ConsoleCommand::Kind::Help, {}, {}, {}, {}};
    if (word.compare("clear", Qt::CaseInsensitive) == 0 && text.size() == word.size())
        return {ConsoleCommand::Kind::Clear, {}, {}, {}, {}};

    ConsoleCommand c;
    QString rest = text;
    if (word.startsWith('/') || word.startsWith("http", Qt::CaseInsensitive)) {
        c.method = "GET";
    } else {
        const QString method = word.toUpper();
        if (method != "GET" && method != "POST")
            return invalid(tr("\"%1\" is not a request: write GET or POST, then a path such as "
                              "/health (help lists the routes).")
                               .arg(word.left(40)));
        c.method = method.toLatin1();
        rest = text.mid(word.size()).trimmed();
    }
    c.target = rest.section(' ', 0, 0, QString::SectionSkipEmpty);
    const QString body = rest.mid(c.target.size()).trimmed();
    const QUrl url(c.target);
    const bool wholeUrl = (url.scheme() == "http" || url.scheme() == "https") && url.isValid() &&
                          !url.host().isEmpty();
    if (!c.target.startsWith('/') && !wholeUrl)
        return invalid(tr("The path must start with / (or be a whole http:// URL), e.g. "
                          "GET /chaintips."));
    if (!body.isEmpty()) {
        if (c.method == "GET")
            return invalid(tr("A GET request has no body: use POST to send JSON."));
        QJsonParseError error;
        QJsonDocument::fromJson(body.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return invalid(tr("The body is not JSON (%1 at character %2).")
                               .arg(error.errorString())
                               .arg(error.offset + 1));
        c.body = body.toUtf8(); // as typed: a reformat would round big numbers
    }
    c.kind = ConsoleCommand::Kind::Request;
    return c;
}

} // namespace mbc::ui
