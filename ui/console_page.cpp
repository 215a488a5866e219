#include "ui/console_page.h"

#include "ui/client_model.h"
#include "ui/console_command.h"
#include "ui/json_text.h"
#include "ui/node_thread.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QDateTime>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStringListModel>
#include <QVBoxLayout>

namespace mbc::ui {
namespace {

constexpr qint64 kMaxAnswerBytes = 4 * 1024 * 1024; // more is cut (GET /chain streams it all)
constexpr int kTimeoutMs = 60'000;
constexpr int kMaxHistory = 200;
constexpr qsizetype kShownRawBytes = 64 * 1024;

} // namespace

ConsolePage::ConsolePage(ClientModel& model, QWidget* parent)
    : Page(parent)
    , model_(model)
    , heading_(makeHeading())
    , intro_(new QLabel(this))
    , nodeCaption_(new QLabel(this))
    , node_(new QLineEdit(this))
    , output_(new QPlainTextEdit(this))
    , input_(new QLineEdit(this))
    , send_(new QPushButton(this))
    , routes_(new QStringListModel(this))
    , completer_(new QCompleter(routes_, this))
    , http_(new QNetworkAccessManager(this)) {
    intro_->setWordWrap(true);
    node_->setObjectName("consoleNode");
    output_->setObjectName("consoleOutput");
    output_->setReadOnly(true);
    output_->setFont(QFont("monospace"));
    output_->setMaximumBlockCount(50'000);
    output_->setLineWrapMode(QPlainTextEdit::NoWrap);
    input_->setObjectName("consoleInput");
    input_->setFont(QFont("monospace"));
    input_->installEventFilter(this);
    send_->setObjectName("consoleSendButton");
    completer_->setCaseSensitivity(Qt::CaseInsensitive);
    completer_->setFilterMode(Qt::MatchContains);
    completer_->setMaxVisibleItems(12);
    input_->setCompleter(completer_);

    auto* grid = new QGridLayout;
    grid->addWidget(nodeCaption_, 0, 0);
    grid->addWidget(node_, 0, 1, 1, 2);
    grid->addWidget(input_, 1, 0, 1, 2);
    grid->addWidget(send_, 1, 2);
    grid->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(intro_);
    layout->addWidget(output_, 1);
    layout->addLayout(grid);

    connect(input_, &QLineEdit::returnPressed, this, [this] {
        if (!completer_->popup()->isVisible())
            send();
    });
    connect(send_, &QPushButton::clicked, this, &ConsolePage::send);
    connect(&model_, &ClientModel::statusChanged, this, [this] {
        if (routes_->rowCount() == 0 && isVisible())
            loadRoutes();
    });
    retranslate();
}

void ConsolePage::retranslate() {
    heading_->setText(tr("Console"));
    intro_->setText(tr("Send requests to the node's REST API, as curl would: METHOD /path and, "
                       "for a POST, a JSON body, e.g. GET /chaintips or POST /tx/check {...}. A "
                       "bare /path is a GET. Up and down walk the history; routes complete as "
                       "you type; help lists them, clear empties the screen. The node field "
                       "may name another node."));
    nodeCaption_->setText(tr("Node:"));
    node_->setPlaceholderText(tr("this node"));
    input_->setPlaceholderText(tr("GET /health"));
    send_->setText(tr("Send"));
}

void ConsolePage::showEvent(QShowEvent* event) {
    Page::showEvent(event);
    if (routes_->rowCount() == 0)
        loadRoutes();
    input_->setFocus();
}

void ConsolePage::loadRoutes() {
    if (!model_.started())
        return;
    model_.node().ask<std::vector<node::RestRoute>>(
        [](node::NodeInterface& n) { return n.restRoutes(); }, this,
        [this](std::vector<node::RestRoute> routes) {
            QStringList lines;
            for (const auto& r : routes)
                lines << r.method + ' ' + r.path;
            routes_->setStringList(lines);
        });
}

QStringList ConsolePage::routes() const {
    return routes_->stringList();
}

void ConsolePage::print(const QString& text) {
    output_->appendPlainText(text);
}

void ConsolePage::run(const QString& line) {
    input_->setText(line);
    send();
}

void ConsolePage::send() {
    const QString line = input_->text().trimmed();
    if (line.isEmpty())
        return;
    if (history_.isEmpty() || history_.back() != line)
        history_ << line;
    while (history_.size() > kMaxHistory)
        history_.removeFirst();
    historyAt_ = int(history_.size());
    input_->clear();

    const ConsoleCommand c = parseConsoleLine(line);
    switch (c.kind) {
    case ConsoleCommand::Kind::Clear:
        output_->clear();
        emit answered();
        return;
    case ConsoleCommand::Kind::Help:
        print("> " + line + '\n' +
              tr("Routes of this node (admin: only from this machine or "
                 "with the API token):"));
        for (const QString& r : routes_->stringList())
            print("  " + r);
        emit answered();
        return;
    case ConsoleCommand::Kind::Invalid:
        print("> " + line + '\n' + c.error + '\n');
        emit answered();
        return;
    case ConsoleCommand::Kind::Request:
        break;
    }
    const QString base =
        node_->text().trimmed().isEmpty() ? model_.status().restUrl : node_->text().trimmed();
    const QUrl url = c.target.startsWith('/') ? QUrl(base + c.target) : QUrl(c.target);
    const QString asked = QString::fromLatin1(c.method) + ' ' + url.toString();
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https")) {
        print("> " + asked + '\n' + tr("The node's URL is not an http:// URL: %1").arg(base) +
              '\n');
        emit answered();
        return;
    }
    if (url.path() == "/events") {
        print("> " + asked + '\n' +
              tr("GET /events is a stream that never ends: follow it with curl -N %1")
                  .arg(url.toString()) +
              '\n');
        emit answered();
        return;
    }
    print("> " + asked);
    QNetworkRequest request(url);
    request.setTransferTimeout(kTimeoutMs);
    // A redirect is shown, never followed: a node the console was pointed at could otherwise
    // send the request on to this machine's admin routes (as PeerClient does).
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = nullptr;
    if (c.method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        reply = http_->post(request, c.body);
    } else {
        reply = http_->get(request);
    }
    reply->setProperty("sentMs", QDateTime::currentMSecsSinceEpoch());
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxAnswerBytes && !reply->property("cut").toBool()) {
            reply->setProperty("cut", true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, asked] { showAnswer(reply, asked); });
}

void ConsolePage::showAnswer(QNetworkReply* reply, const QString& asked) {
    reply->deleteLater();
    const qint64 ms = QDateTime::currentMSecsSinceEpoch() - reply->property("sentMs").toLongLong();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool cut = reply->property("cut").toBool();
    if (!status.isValid()) {
        print(tr("No answer from %1: %2").arg(asked, reply->errorString()) + '\n');
        emit answered();
        return;
    }
    const QByteArray body = reply->readAll();
    print(QStringLiteral("%1 %2 (%3 ms)")
              .arg(status.toInt())
              .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
              .arg(ms));
    const QString location = reply->header(QNetworkRequest::LocationHeader).toString();
    if (!location.isEmpty())
        print(tr("Redirected to %1 (not followed).").arg(location));
    if (cut) {
        print(QString::fromUtf8(body.left(kShownRawBytes)));
        print(tr("... the answer is larger than %1 MB and was cut.").arg(kMaxAnswerBytes >> 20));
    } else if (const QString pretty = indentedJson(body); !pretty.isEmpty()) {
        print(pretty);
    } else {
        // Not JSON: as it came, but not megabytes of one line (the view lays each out whole).
        print(QString::fromUtf8(body.left(kShownRawBytes)));
        if (body.size() > kShownRawBytes)
            print(tr("... %1 more bytes not shown.").arg(body.size() - kShownRawBytes));
    }
    print(QString());
    emit answered();
}

void ConsolePage::walkHistory(int step) {
    if (history_.isEmpty())
        return;
    if (historyAt_ == history_.size())
        draft_ = input_->text();
    historyAt_ = std::clamp(historyAt_ + step, 0, int(history_.size()));
    input_->setText(historyAt_ == history_.size() ? draft_ : history_[historyAt_]);
}

bool ConsolePage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == input_ && event->type() == QEvent::KeyPress &&
        !completer_->popup()->isVisible()) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            walkHistory(key == Qt::Key_Up ? -1 : 1);
            return true;
        }
    }
    return Page::eventFilter(watched, event);
}

} // namespace mbc::ui
