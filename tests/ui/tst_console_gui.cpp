// The Console pane offscreen over a real in-process node and its real REST API: routes
// completed from the node's own table, answers pretty-printed with every number as sent, the
// history walked with the arrow keys, a POST that mines, and lines that are not requests, a
// node that does not answer and a stream, each saying what is wrong.
#include <QTest>

#include "support/scripted_peer.h"
#include "ui/console_command.h"
#include "ui/console_page.h"
#include "ui/explorer_views.h"
#include "ui/gui_app.h"
#include "ui/json_text.h"
#include "ui/translations.h"

#include <QCompleter>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTranslator>

using namespace mbc;
using namespace mbc::test;

class TestConsoleGui : public QObject {
    Q_OBJECT

    static QString output(App& app) {
        return app.find<QPlainTextEdit>("consoleOutput")->toPlainText();
    }

    // Runs `line` and returns what it printed.
    static QString run(App& app, const QString& line) {
        ui::ConsolePage* console = app.window.findChild<ui::ConsolePage*>();
        QSignalSpy answered(console, &ui::ConsolePage::answered);
        const qsizetype before = output(app).size();
        console->run(line);
        if (answered.isEmpty() && !answered.wait(kTimeoutMs))
            return "(no answer) " + output(app).mid(before);
        return output(app).mid(before);
    }

private slots:
    void linesAreParsedOrRefusedWithAReason_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("said");
        using K = ui::ConsoleCommand::Kind;
        QTest::newRow("get") << "GET /health" << int(K::Request) << "/health"
                             << "";
        QTest::newRow("bare path") << "/chaintips" << int(K::Request) << "/chaintips"
                                   << "";
        QTest::newRow("lower case") << "post /tx/check {\"a\": 1}" << int(K::Request) << "/tx/check"
                                    << "";
        QTest::newRow("other node") << "GET http://127.0.0.2:8000/health" << int(K::Request)
                                    << "http://127.0.0.2:8000/health"
                                    << "";
        QTest::newRow("help") << " help " << int(K::Help) << ""
                              << "";
        QTest::newRow("clear") << "CLEAR" << int(K::Clear) << ""
                               << "";
        QTest::newRow("method") << "DELETE /peers" << int(K::Invalid) << ""
                                << "GET or POST";
        QTest::newRow("no slash") << "GET health" << int(K::Invalid) << ""
                                  << "must start with /";
        QTest::newRow("get body") << "GET /health {}" << int(K::Invalid) << ""
                                  << "no body";
        QTest::newRow("bad json") << "POST /tx {\"a\": " << int(K::Invalid) << ""
                                  << "not JSON";
        QTest::newRow("word") << "hello" << int(K::Invalid) << ""
                              << "is not a request";
    }

    void linesAreParsedOrRefusedWithAReason() {
        QFETCH(QString, line);
        QFETCH(int, kind);
        QFETCH(QString, target);
        QFETCH(QString, said);
        const ui::ConsoleCommand c = ui::parseConsoleLine(line);
        QCOMPARE(int(c.kind), kind);
        QCOMPARE(c.target, target);
        QVERIFY2(c.error.contains(said), qPrintable(c.error));
    }

    void indentingKeepsEveryTokenAsSent() {
        // A number past 2^53 stays as sent (a double would round it), strings keep their
        // escapes and brackets, and empty containers stay on their line.
        const QString shown = ui::indentedJson(
            "{\"n\":9007199254740993,\"s\":\"a\\\"{,}:b\",\"e\":[],\"o\":{\"x\":[1,2]}}");
        QVERIFY2(shown.contains("\"n\": 9007199254740993"), qPrintable(shown));
        QVERIFY2(shown.contains("\"s\": \"a\\\"{,}:b\""), qPrintable(shown));
        QVERIFY2(shown.contains("\"e\": []"), qPrintable(shown));
        QVERIFY2(shown.contains("\n            1,\n            2\n"), qPrintable(shown));
        QVERIFY(ui::indentedJson("not json").isEmpty());
    }

    // Texts of free functions are translated under the context lupdate gives them (their
    // namespace's): the console's and the Explorer's pages follow the language too.
    void freeFunctionTextsFollowTheLanguage() {
        QTranslator german;
        QVERIFY(ui::loadTranslation(german, QLocale(QLocale::German)));
        QCoreApplication::installTranslator(&german);
        const auto english = qScopeGuard([&] { QCoreApplication::removeTranslator(&german); });
        const QString error = ui::parseConsoleLine("hello").error;
        QVERIFY2(error.contains("keine Anfrage"), qPrintable(error));
        const ui::explorer::NotFound missing{ui::explorer::NotFound::Kind::Block, "abc"};
        const QString page = ui::explorer::html(missing);
        QVERIFY2(page.contains("Kein Block abc"), qPrintable(page));
    }

    void requestsGoToTheNodeAndComeBackPrettyPrinted() {
        App app;
        QTRY_VERIFY_WITH_TIMEOUT(app.client.started(), kTimeoutMs);
        app.window.showPane(ui::MainWindow::Pane::Console);
        ui::ConsolePage* console = app.window.findChild<ui::ConsolePage*>();

        // Completion: the node's own route table.
        QTRY_VERIFY_WITH_TIMEOUT(console->routes().contains("GET /chaintips"), kTimeoutMs);
        QVERIFY(console->routes().contains("POST /mining/start"));
        QVERIFY(console->routes().contains("GET /mining/template"));
        auto* completer = app.find<QLineEdit>("consoleInput")->completer();
        QVERIFY(completer);
        completer->setCompletionPrefix("chaint");
        QCOMPARE(completer->currentCompletion(), QString("GET /chaintips"));

        QString said = run(app, "GET /health");
        QVERIFY2(said.contains("> GET " + app.client.status().restUrl + "/health") &&
                     said.contains("200 OK") && said.contains("\n    \"chain_height\": -1"),
                 qPrintable(said));

        // A POST with a body: the embedded node is this machine's, so admin routes answer.
        const QString alice = QString::fromStdString(aliceKey().address().hex());
        said = run(app, "POST /mine {\"miner_address\": \"" + alice + "\"}");
        QVERIFY2(said.contains("200 OK") && said.contains("\"height\": 0"), qPrintable(said));
        QTRY_COMPARE_WITH_TIMEOUT(app.client.status().height, qint64(0), kTimeoutMs);
        said = run(app, "/block/height/0");
        QVERIFY2(said.contains("\"coinbase\"") || said.contains("\"transactions\": ["),
                 qPrintable(said));

        // The node's refusals come back as they are.
        said = run(app, "POST /tx/check {}");
        QVERIFY2(said.contains("400") && said.contains("\"detail\""), qPrintable(said));
        said = run(app, "GET /block/zz");
        QVERIFY2(said.contains("400"), qPrintable(said));

        // History: up walks back, down returns to what was being typed.
        auto* input = app.find<QLineEdit>("consoleInput");
        input->setText("GET /pe");
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QString("GET /block/zz"));
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QString("POST /tx/check {}"));
        QTest::keyClick(input, Qt::Key_Down);
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QString("GET /pe"));

        // Lines that are not requests, a stream, and a node that does not answer.
        said = run(app, "FETCH /health");
        QVERIFY2(said.contains("GET or POST"), qPrintable(said));
        said = run(app, "GET /events");
        QVERIFY2(said.contains("never ends"), qPrintable(said));
        said = run(app, "help");
        QVERIFY2(said.contains("  GET /chaintips") && said.contains("  POST /block/check"),
                 qPrintable(said));
        app.find<QLineEdit>("consoleNode")->setText("http://127.0.0.1:1");
        said = run(app, "GET /health");
        QVERIFY2(said.contains("No answer from GET http://127.0.0.1:1/health"), qPrintable(said));
        app.find<QLineEdit>("consoleNode")->setText("not a url");
        said = run(app, "GET /health");
        QVERIFY2(said.contains("not an http:// URL"), qPrintable(said));

        // A node that redirects (here to this node's admin route that stops mining): shown,
        // never followed.
        ScriptedPeer other;
        other.scriptRedirect("/mining/start", 307,
                             (app.client.status().restUrl + "/mining/stop").toUtf8());
        app.find<QLineEdit>("consoleNode")->setText(other.url());
        const QString stopped = app.client.status().restUrl + "/mining/stop";
        said = run(app, "POST /mining/start {}");
        QVERIFY2(said.contains("307") && said.contains("Redirected to " + stopped) &&
                     said.contains("not followed"),
                 qPrintable(said));
        QCOMPARE(other.requests("/mining/start"), 1);

        // An answer nested past what is worth indenting comes as it is.
        const QByteArray deep = QByteArray(100, '[') + QByteArray(100, ']');
        QCOMPARE(ui::indentedJson(deep), QString::fromLatin1(deep));

        run(app, "clear");
        QVERIFY(output(app).isEmpty());
    }
};

QTEST_MAIN(TestConsoleGui)
#include "tst_console_gui.moc"
