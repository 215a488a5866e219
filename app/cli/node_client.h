#pragma once

#include "json/json_value.h"

#include <QString>
#include <QUrl>

#include <stdexcept>

namespace mbc::cli {

// What went wrong talking to a node, as one line for the user.
class CliError : public std::runtime_error {
public:
    explicit CliError(const QString& message)
        : std::runtime_error(message.toStdString()) {}
};

// The admin token to send, and where it came from.
struct ApiToken {
    QString token;
    // A token found (API_TOKEN, --datadir) but not sent, because the node is on another
    // machine: said when the node asks for one.
    QString withheld;
};

// A blocking JSON client of one node's REST API.
class NodeClient {
public:
    // `token` may be empty: loopback clients need none.
    NodeClient(QUrl base, ApiToken token, int timeoutSeconds);

    json::Value get(const QString& path) const;
    // GET of a paged list (/utxos, /mempool): every page, following "next_after", with the
    // items of `listKey` put together in the first page's answer.
    json::Value getAllPages(const QString& path, const char* listKey) const;
    json::Value post(const QString& path, const json::Value& body) const;
    const QUrl& base() const { return base_; }

private:
    json::Value send(const QByteArray& method, const QString& path, const QByteArray& body) const;

    QUrl base_;
    ApiToken token_;
    int timeoutSeconds_;
};

// --node: http(s)://host[:port]. Throws CliError naming what is wrong.
QUrl parseNodeUrl(const QString& text);

// The admin token for `node`: --token-file or --token (sent wherever --node points: the user
// named it for this call); else, for a node on this machine only (loopback), API_TOKEN, the
// api_token file of --datadir, or the one in the default data directory of main or regtest.
// A token found on this machine never goes to another one by default. Throws CliError if
// --token-file cannot be read.
ApiToken findApiToken(const QString& tokenOption, const QString& tokenFileOption,
                      const QString& dataDirOption, const QUrl& node);

} // namespace mbc::cli
