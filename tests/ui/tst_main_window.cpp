// The window on the offscreen platform: real widgets, its network, and every translation.
#include <QTest>

#include "ui/main_window.h"
#include "ui/translations.h"

#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QTranslator>

using namespace mbc;

class TestMainWindow : public QObject {
    Q_OBJECT

    static QStringList menuTitles(const ui::MainWindow& w) {
        QStringList titles;
        for (QAction* a : w.menuBar()->actions())
            titles << a->text();
        return titles;
    }

private slots:
    void showsTheNetworkItWasStartedFor() {
        ui::MainWindow regtest(regtestParams());
        regtest.show();
        QVERIFY(QTest::qWaitForWindowExposed(&regtest));
        QCOMPARE(regtest.windowTitle(), QString("MiniBitcoin"));
        auto* label = regtest.findChild<QLabel*>("networkLabel");
        QVERIFY(label);
        QVERIFY(label->text().contains("regtest"));
        QVERIFY(label->text().contains("0x7fff"));

        ui::MainWindow main(mainParams());
        QVERIFY(main.findChild<QLabel*>("networkLabel")
                    ->text()
                    .contains("main, genesis target "
                              "0xfff"));
    }

    void translationsShipForGermanAndSpanish() {
        QStringList langs = ui::availableTranslations();
        langs.sort();
        QCOMPARE(langs, (QStringList{"de", "es"}));
        QTranslator english;
        QVERIFY(!ui::loadTranslation(english, QLocale(QLocale::English)));
    }

    void switchingLanguageRetranslatesTheWindow_data() {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("menus");
        QTest::addColumn<QString>("networkPrefix");
        QTest::newRow("de") << "de_DE" << QStringList{"&Datei", "&Hilfe"} << "Netzwerk: ";
        QTest::newRow("es") << "es_ES" << QStringList{"&Archivo", "A&yuda"} << "Red: ";
    }
    void switchingLanguageRetranslatesTheWindow() {
        QFETCH(QString, locale);
        QFETCH(QStringList, menus);
        QFETCH(QString, networkPrefix);
        ui::MainWindow w(regtestParams());
        w.show();
        QCOMPARE(menuTitles(w), (QStringList{"&File", "&Help"}));

        QTranslator translator;
        QVERIFY(ui::loadTranslation(translator, QLocale(locale)));
        // Installing a translator posts LanguageChange to every window.
        QCoreApplication::installTranslator(&translator);
        QTRY_COMPARE(menuTitles(w), menus);
        QVERIFY(w.findChild<QLabel*>("networkLabel")->text().startsWith(networkPrefix));

        QCoreApplication::removeTranslator(&translator);
        QTRY_COMPARE(menuTitles(w), (QStringList{"&File", "&Help"}));
    }

    void everyStringIsTranslated_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << "minibitcoin_de.ts";
        QTest::newRow("es") << "minibitcoin_es.ts";
    }
    void everyStringIsTranslated() {
        QFETCH(QString, file);
        QFile ts(QString(MBC_SOURCE_DIR) + "/translations/" + file);
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.count("<message>") >= 10);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QCOMPARE(text.count("<translation></translation>"), 0);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
