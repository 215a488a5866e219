// Every rejection code has its own stable, well-formed name.
#include <QTest>

#include "consensus/reject_code.h"

#include <QRegularExpression>
#include <set>

using namespace mbc;

class TestRejectCodes : public QObject {
    Q_OBJECT
private slots:
    void namesAreUniqueAndWellFormed() {
        const QRegularExpression shape("^[a-z]+(-[a-z0-9]+)*$");
        std::set<std::string_view> seen;
        const int last = static_cast<int>(RejectCode::MempoolFull);
        for (int i = 0; i <= last; ++i) {
            const std::string_view name = rejectCodeName(static_cast<RejectCode>(i));
            QVERIFY2(name != "unknown", qPrintable(QString("code %1 has no name").arg(i)));
            QVERIFY2(
                shape.match(QString::fromLatin1(name.data(), qsizetype(name.size()))).hasMatch(),
                name.data());
            QVERIFY2(seen.insert(name).second, name.data());
        }
        QCOMPARE(seen.size(), std::size_t(last + 1));
        QCOMPARE(rejectCodeName(RejectCode::TxInputMissingOrSpent),
                 std::string_view("bad-txns-inputs-missingorspent"));
    }
};

QTEST_APPLESS_MAIN(TestRejectCodes)
#include "tst_reject_codes.moc"
