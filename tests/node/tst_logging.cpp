// The log under a flood: the file rotates at its cap and keeps two old files, so the log's
// size stays bounded; lines anyone can provoke are throttled and the lines left out counted.
// A message quoting what a peer sent stays one line, with nothing in it a terminal acts on
// (printableText).
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include "node/log_throttle.h"
#include "node/logging.h"
#include "node/printable_text.h"

using namespace mbc::node;

class TestLogging : public QObject {
    Q_OBJECT

private slots:
    void printableTextWritesOutWhatATerminalWouldActOn_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("printable");
        QTest::newRow("plain") << "peer 127.0.0.1: HTTP 400"
                               << "peer 127.0.0.1: HTTP 400";
        QTest::newRow("beyond ASCII")
            << QString::fromUtf8("Grüße, €5 ✓") << QString::fromUtf8("Grüße, €5 ✓");
        QTest::newRow("line breaks") << "a\nb\r\tc"
                                     << "a\\nb\\r\\tc";
        QTest::newRow("escape sequence") << "\x1b[2Kok"
                                         << "\\x1b[2Kok";
        QTest::newRow("other C0, DEL")
            << QString("\x01\x08") + QChar(0) + QChar(0x7f) << "\\x01\\x08\\x00\\x7f";
        QTest::newRow("C1") << QString(QChar(0x9b)) + "2K"
                            << "\\u{009b}2K";
        QTest::newRow("right-to-left override") << "ab" + QString(QChar(0x202e)) + "cd"
                                                << "ab\\u{202e}cd";
        QTest::newRow("zero-width, byte order mark, soft hyphen")
            << QString(QChar(0x200b)) + QChar(0xfeff) + QChar(0x00ad)
            << "\\u{200b}\\u{feff}\\u{00ad}";
        QTest::newRow("a tag, beyond the BMP")
            << "main" + QString::fromUcs4(U"\U000E0041") << "main\\u{e0041}";
        QTest::newRow("an emoji, beyond the BMP")
            << QString::fromUcs4(U"ok \U0001F600") << QString::fromUcs4(U"ok \U0001F600");
        QTest::newRow("isolates, marks, separators")
            << QString(QChar(0x2066)) + QChar(0x200f) + QChar(0x061c) + QChar(0x2028)
            << "\\u{2066}\\u{200f}\\u{061c}\\u{2028}";
    }
    void printableTextWritesOutWhatATerminalWouldActOn() {
        QFETCH(QString, text);
        QFETCH(QString, printable);
        QCOMPARE(printableText(text), printable);
    }

    // The log is its owner's alone, and never written through a symbolic link: a data
    // directory someone else prepared cannot make the node append to another file.
    void theLogIsPrivateAndFollowsNoLink() {
        QTemporaryDir dir;
        const QString path = dir.filePath("minibitcoin.log");
        QVERIFY(installLogging("info", path, 0));
        qCInfo(lcNet) << "a line";
        closeLogFile();
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFileInfo(path).permissions() & others, QFileDevice::Permissions());

        const QString victim = dir.filePath("bashrc");
        QFile v(victim);
        QVERIFY(v.open(QIODevice::WriteOnly) && v.write("untouched\n") == 10);
        v.close();
        const QString linked = dir.filePath("linked.log");
        QVERIFY(QFile::link(victim, linked));
        QVERIFY(!installLogging("info", linked, 0));
        qCInfo(lcNet) << "a line for the log";
        closeLogFile();
        QVERIFY(v.open(QIODevice::ReadOnly));
        QCOMPARE(v.readAll(), QByteArray("untouched\n"));
    }

    // A peer's words in a message cannot start a line of their own, nor rewrite the terminal
    // the daemon logs to.
    void aMessageCannotForgeALine() {
        QTemporaryDir dir;
        const QString path = dir.filePath("minibitcoin.log");
        QVERIFY(installLogging("info", path, 0));
        const QString forged = "x\n2026-01-01T00:00:00.000Z INFO  chain: connected block 812"
                               "\r\x1b[2K" +
                               QString(QChar(0x202e));
        qCWarning(lcNet).noquote() << "peer said:" << forged;
        closeLogFile();
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QCOMPARE(all.count('\n'), 1);
        QVERIFY2(!all.contains('\r') && !all.contains('\x1b') &&
                     !all.contains(QString(QChar(0x202e)).toUtf8()),
                 all.constData());
        QVERIFY2(all.contains("peer said: x\\n2026-01-01T00:00:00.000Z INFO  chain: connected "
                              "block 812\\r\\x1b[2K\\u{202e}\n"),
                 all.constData());
    }

    void theFileRotatesAtItsCapAndKeepsTwoOld() {
        QTemporaryDir dir;
        const QString path = dir.filePath("minibitcoin.log");
        QVERIFY(installLogging("info", path, 20'000));
        for (int i = 0; i < 2'000; ++i) // about 200 kB in all
            qCInfo(lcNet).noquote() << "line" << i << QString(60, 'x');
        qCInfo(lcNet).noquote() << "the last line";
        closeLogFile();
        for (const QString& name : {path, path + ".1", path + ".2"}) {
            QFile f(name);
            QVERIFY2(f.exists(), qPrintable(name));
            QVERIFY2(f.size() > 0 && f.size() < 20'000 + 200, qPrintable(name));
        }
        QVERIFY(!QFile::exists(path + ".3"));
        QFile current(path), older(path + ".1");
        QVERIFY(current.open(QIODevice::ReadOnly) && older.open(QIODevice::ReadOnly));
        const QList<QByteArray> now = current.readAll().trimmed().split('\n');
        const QList<QByteArray> before = older.readAll().trimmed().split('\n');
        QVERIFY(now.last().endsWith("the last line"));
        // Nothing lost between the files: .1 ends with the line before the file's first.
        const auto number = [](const QByteArray& line) {
            return line.mid(line.indexOf("net: line ") + 10).split(' ').value(0).toInt();
        };
        QVERIFY2(number(before.last()) + 1 == number(now.first()),
                 before.last() + " / " + now.first());
    }

    void aFloodIsThrottledAndCounted() {
        std::int64_t now = 0;
        LogThrottle throttle(3, [&now] { return now; });
        std::uint64_t leftOut = 99;
        for (int i = 0; i < 3; ++i) {
            QVERIFY(throttle.allow(leftOut));
            QCOMPARE(leftOut, std::uint64_t(0));
        }
        for (int i = 0; i < 50; ++i)
            QVERIFY(!throttle.allow(leftOut));
        now += 59'999;
        QVERIFY(!throttle.allow(leftOut));
        now += 1;
        QVERIFY(throttle.allow(leftOut));
        QCOMPARE(leftOut, std::uint64_t(51));
        QCOMPARE(leftOutNote(leftOut), QString("(51 similar lines left out)"));
        QVERIFY(throttle.allow(leftOut));
        QCOMPARE(leftOut, std::uint64_t(0));
        QVERIFY(leftOutNote(0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
