// The log under a flood: the file rotates at its cap and keeps two old files, so the log's
// size stays bounded; lines anyone can provoke are throttled and the lines left out counted.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "node/log_throttle.h"
#include "node/logging.h"

using namespace mbc::node;

class TestLogging : public QObject {
    Q_OBJECT

private slots:
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
