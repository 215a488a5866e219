#pragma once

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTcpServer>

namespace mbc::test {

// A hostile or broken "peer" for network tests: a real HTTP server on a loopback port that
// answers each path (query ignored) with whatever the test scripted, and counts requests.
// It serves on the test's event loop, which runs while the test waits on HTTP calls.
class ScriptedPeer : public QObject {
    Q_OBJECT
public:
    struct Answer {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        int trickleMs = 0;    // > 0: the body goes out in pieces, one every trickleMs
        int trickleBytes = 1; // of this many bytes
    };

    ScriptedPeer();
    QString url() const;
    void script(const QString& path, Answer answer) { answers_[path] = {std::move(answer)}; }
    // `path` answers `status` with a Location header naming `location` (a redirect).
    void scriptRedirect(const QString& path, int status, const QByteArray& location) {
        answers_[path] = {Answer{status, "application/json", "{}", 0}};
        locations_[path] = location;
    }
    // Answers in turn, starting over after the last.
    void scriptInTurn(const QString& path, QList<Answer> answers) {
        answers_[path] = std::move(answers);
    }
    int requests(const QString& path) const { return counts_.value(path); }
    // The query of each request for `path`, in order ("" for none), and its body.
    QStringList queries(const QString& path) const { return queries_.value(path); }
    QList<QByteArray> bodies(const QString& path) const { return bodies_.value(path); }

private:
    void serve(QTcpSocket* socket);

    QTcpServer server_;
    QMap<QString, QList<Answer>> answers_;
    QMap<QString, QByteArray> locations_;
    QMap<QString, int> counts_;
    QMap<QString, QStringList> queries_;
    QMap<QString, QList<QByteArray>> bodies_;
    int connections_ = 0;

public:
    int connections() const { return connections_; } // every connection, answered or not
    // Trickled answers whose client hung up before the whole body was sent.
    int cutOff() const { return cutOff_; }

private:
    int cutOff_ = 0;
};

} // namespace mbc::test
