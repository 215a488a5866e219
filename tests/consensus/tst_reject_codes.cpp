// Every rejection code has its own stable, well-formed name.
#include <QTest>

#include "consensus/reject_code.h"
#include "consensus/reject_kind.h"

#include <QRegularExpression>
#include <set>

using namespace mbc;

class TestRejectCodes : public QObject {
    Q_OBJECT
private slots:
    void namesAreUniqueAndWellFormed() {
        const QRegularExpression shape("^[a-z]+(-[a-z0-9]+)*$");
        std::set<std::string_view> seen;
        const int last = static_cast<int>(kLastRejectCode);
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

    // What the block hash does not commit to (signatures, pubkeys, sizes) must never read as a
    // verdict on the hash; what it does commit to must.
    void kindsFollowWhatTheHashCommitsTo() {
        for (int i = 0; i <= static_cast<int>(kLastRejectCode); ++i)
            QVERIFY(rejectKindName(rejectKind(static_cast<RejectCode>(i))) != "unknown");
        for (RejectCode c : {RejectCode::TxSignatureInvalid, RejectCode::TxPubkeyInvalid,
                             RejectCode::TxPubkeyHashMismatch, RejectCode::TxOversize,
                             RejectCode::BlockOversize, RejectCode::BlockCoinbaseMalformed,
                             RejectCode::BlockBadMerkleRoot, RejectCode::BlockDuplicateTx})
            QCOMPARE(rejectKind(c), RejectKind::BodyMutated);
        for (RejectCode c : {RejectCode::BlockCoinbaseAmount, RejectCode::BlockTxAlreadyInChain,
                             RejectCode::BlockDoubleSpend, RejectCode::TxInBelowOut,
                             RejectCode::BlockCoinbaseMissing})
            QCOMPARE(rejectKind(c), RejectKind::CommittedInvalid);
        for (RejectCode c : {RejectCode::BlockHighHash, RejectCode::BlockBadTarget,
                             RejectCode::BlockTimeTooOld, RejectCode::BlockParentInvalid})
            QCOMPARE(rejectKind(c), RejectKind::HeaderInvalid);
        QCOMPARE(rejectKind(RejectCode::BlockTimeTooNew), RejectKind::Premature);
        QCOMPARE(rejectKind(RejectCode::BlockForkTooLight), RejectKind::Policy);
        QCOMPARE(rejectKind(RejectCode::BlockDuplicate), RejectKind::AlreadyKnown);
    }
};

QTEST_APPLESS_MAIN(TestRejectCodes)
#include "tst_reject_codes.moc"
