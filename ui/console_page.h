#pragma once

#include "ui/page.h"

#include <QStringList>

class QCompleter;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QStringListModel;

namespace mbc::ui {

class ClientModel;

// A console for the REST API, like Bitcoin Core's debug console: a line such as
// `GET /chaintips` or `POST /tx/check {...}` goes to this node (or any node's URL), and the
// answer comes back pretty-printed. Up and down walk the history; routes complete as typed.
class ConsolePage : public Page {
    Q_OBJECT
public:
    explicit ConsolePage(ClientModel& model, QWidget* parent = nullptr);

    // Runs one line as if typed and entered.
    void run(const QString& line);
    QStringList routes() const;

signals:
    void answered(); // a request's answer (or failure) is on screen

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate() override;
    void send();
    void loadRoutes();
    void print(const QString& text);
    void showAnswer(QNetworkReply* reply, const QString& asked);
    void walkHistory(int step);

    ClientModel& model_;
    QLabel* heading_;
    QLabel* intro_;
    QLabel* nodeCaption_;
    QLineEdit* node_;
    QPlainTextEdit* output_;
    QLineEdit* input_;
    QPushButton* send_;
    QStringListModel* routes_;
    QCompleter* completer_;
    QNetworkAccessManager* http_;
    QStringList history_;
    int historyAt_ = 0; // history_.size(): a new line
    QString draft_;     // what was typed before walking the history
};

} // namespace mbc::ui
