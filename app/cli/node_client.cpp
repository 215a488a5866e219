#include "cli/node_client.h"

#include "node/api_token.h"
#include "node/node_config.h"
#include "node/printable_text.h"

#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QTimer>

#include <chrono>
#include <cstdio>
#include <set>

namespace mbc::cli {
namespace {

// The token in a data directory. One that is not the user's alone (a link planted there
// would have some file's words sent) is refused where the user named the directory, and passed
// over, with a warning, where the CLI only looks in the default ones.
QString readToken(const QString& dataDir, bool named) {
    try {
        return node::readApiToken(dataDir, "minibitcoin-cli did not read it (use --token-file, "
                                           "or run as the node's user)");
    } catch (const std::exception& e) {
        if (named)
            throw CliError(QString::fromUtf8(e.what()));
        std::fprintf(stderr, "minibitcoin-cli: warning: %s\n",
                     qPrintable(node::printableText(QString::fromUtf8(e.what()))));
        return {};
    }
}

// More than any honest answer (a page of the chain is at most 512 kB), and more pages and
// items than any honest list.
constexpr qsizetype kMaxAnswerBytes = 64'000'000;
constexpr std::size_t kMaxPages = 10'000;
constexpr std::size_t kMaxListItems = 1'000'000;

bool isLocalHost(const QString& host) {
    return host == "localhost" || QHostAddress(host).isLoopback();
}

} // namespace

QUrl parseNodeUrl(const QString& text) {
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") ||
        url.host().isEmpty())
        throw CliError("--node: '" + text + "' is not a node URL (e.g. http://localhost:8000)");
    return url.adjusted(QUrl::StripTrailingSlash);
}

ApiToken findApiToken(const QString& tokenOption, const QString& tokenFileOption,
                      const QString& dataDirOption, const QUrl& node) {
    if (!tokenFileOption.isEmpty()) {
        QFile f(tokenFileOption);
        if (!f.open(QIODevice::ReadOnly))
            throw CliError("--token-file: cannot read " + tokenFileOption + ": " + f.errorString());
        const QString token = QString::fromUtf8(f.read(4096)).trimmed();
        if (token.isEmpty())
            throw CliError("--token-file: " + tokenFileOption + " is empty");
        return {token, {}};
    }
    if (!tokenOption.isEmpty())
        return {tokenOption, {}};
    const QString fromEnv = QProcessEnvironment::systemEnvironment().value("API_TOKEN");
    const QString found = !fromEnv.isEmpty()         ? QStringLiteral("API_TOKEN")
                          : !dataDirOption.isEmpty() ? dataDirOption + "/api_token"
                                                     : QString();
    // Never send a token found on this machine to a node elsewhere: the user names it.
    if (!isLocalHost(node.host()))
        return {{}, found};
    if (!fromEnv.isEmpty())
        return {fromEnv, {}};
    if (!dataDirOption.isEmpty())
        return {readToken(dataDirOption, true), {}};
    for (const QString& network : {QStringLiteral("main"), QStringLiteral("regtest")})
        if (const QString t = readToken(node::defaultDataDir(network), false); !t.isEmpty())
            return {t, {}};
    return {};
}

NodeClient::NodeClient(QUrl base, ApiToken token, int timeoutSeconds)
    : base_(std::move(base))
    , token_(std::move(token))
    , timeoutSeconds_(timeoutSeconds) {}

json::Value NodeClient::get(const QString& path) const {
    return send("GET", path, {});
}

json::Value NodeClient::getAllPages(const QString& path, const char* listKey) const {
    json::Value first = get(path);
    json::Value::Array items;
    const QString separator = path.contains('?') ? "&" : "?";
    std::set<std::string> cursors; // a node whose cursors come round again is not followed
    for (json::Value page = first;;) {
        if (const json::Value* list = page.find(listKey); list && list->isArray())
            for (const json::Value& item : list->asArray())
                items.push_back(item);
        if (items.size() > kMaxListItems || cursors.size() > kMaxPages)
            throw CliError(QStringLiteral("the node's list at %1 goes on past %2 items or %3 "
                                          "pages; not reading more")
                               .arg(path)
                               .arg(kMaxListItems)
                               .arg(kMaxPages));
        const json::Value* next = page.find("next_after");
        if (!next || next->isNull())
            break;
        const std::string cursor =
            next->isString() ? next->asString() : std::to_string(next->asInt64().value_or(0));
        if (!cursors.insert(cursor).second) // no progress: a node that pages differently
            break;
        page = get(path + separator + "after=" + QString::fromStdString(cursor));
    }
    first.set(listKey, std::move(items));
    first.set("next_after", nullptr);
    return first;
}

json::Value NodeClient::post(const QString& path, const json::Value& body) const {
    return send("POST", path, QByteArray::fromStdString(json::write(body)));
}

json::Value NodeClient::send(const QByteArray& method, const QString& path,
                             const QByteArray& body) const {
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(base_.toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    if (!token_.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token_.token.toUtf8());
    request.setTransferTimeout(timeoutSeconds_ * 1000);
    QNetworkReply* reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    // The transfer timeout counts silence only: a node trickling bytes meets this deadline.
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, reply, &QNetworkReply::abort);
    deadline.start(std::chrono::seconds(timeoutSeconds_));
    // A node may be hostile: an answer bigger than any honest one is cut off, not buffered.
    QByteArray answer;
    bool tooBig = false;
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        answer += reply->readAll();
        if (answer.size() > kMaxAnswerBytes && !tooBig) {
            tooBig = true;
            reply->abort();
        }
    });
    loop.exec();
    reply->deleteLater();
    answer += reply->readAll();
    if (tooBig)
        throw CliError(QStringLiteral("the node's answer to %1 is larger than %2 MB; not reading "
                                      "it")
                           .arg(path)
                           .arg(kMaxAnswerBytes / 1'000'000));

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        const QString why = reply->error() == QNetworkReply::OperationCanceledError
                                ? QStringLiteral("no answer within %1 s").arg(timeoutSeconds_)
                                : reply->errorString();
        throw CliError("cannot reach the node at " + base_.toString() + ": " + why +
                       " (is it running? choose another with --node URL)");
    }
    auto parsed = json::parse(std::string_view(answer.constData(), std::size_t(answer.size())));
    if (status >= 400) {
        const auto* doc = std::get_if<json::Value>(&parsed);
        const json::Value* detail = doc ? doc->find("detail") : nullptr;
        const QString hint =
            status == 401 && !token_.withheld.isEmpty()
                ? " (a token was found in " + token_.withheld +
                      ", but one found on this machine goes only to nodes on this machine: "
                      "pass --token-file to send a token to " +
                      base_.host() + ")"
                : QString();
        if (detail && detail->isString())
            throw CliError("the node refused: " + QString::fromStdString(detail->asString()) +
                           hint);
        throw CliError(QStringLiteral("the node answered HTTP %1 to %2 %3")
                           .arg(status)
                           .arg(QString::fromLatin1(method), path));
    }
    if (auto* e = std::get_if<json::ParseError>(&parsed))
        throw CliError("the node's answer to " + path +
                       " is not JSON: " + QString::fromStdString(e->message));
    return std::get<json::Value>(std::move(parsed));
}

} // namespace mbc::cli
