// The node's reasons in the app's words: every reject code, peer refusal, sync failure, mining
// stop and start-up failure has a sentence of its own, and German and Spanish have them all.
#include <QTest>

#include "ui/node_reasons.h"
#include "ui/translations.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSet>

using namespace mbc;

namespace {

QStringList everyReason() {
    QStringList texts;
    for (int i = 0; i <= int(kLastRejectCode); ++i)
        texts << ui::NodeReasons::rejection(Failure{RejectCode(i), "English detail"});
    using Refusal = node::PeerRefusal::Reason;
    for (Refusal r : {Refusal::OwnAddress, Refusal::Banned, Refusal::TooManyPeers,
                      Refusal::Forbidden, Refusal::NotFromItsHost})
        texts << ui::NodeReasons::peerRefusal({r, "http://10.0.0.7:8000", 3, "DETAIL"});
    using node::SyncFailure;
    for (SyncFailure f : {SyncFailure::Banned, SyncFailure::Unreachable, SyncFailure::NotANode,
                          SyncFailure::OtherNetwork, SyncFailure::MalformedData,
                          SyncFailure::InvalidBlock, SyncFailure::UnconnectedBlock,
                          SyncFailure::StorageFailure, SyncFailure::Stalled, SyncFailure::Busy}) {
        node::SyncResult r;
        r.failure = f;
        r.detail = "DETAIL";
        texts << ui::NodeReasons::syncFailure(r);
    }
    using node::MiningStop;
    for (MiningStop s : {MiningStop::Stopped, MiningStop::StoppedByApi, MiningStop::ShuttingDown,
                         MiningStop::StoreFailed})
        texts << ui::NodeReasons::miningStop(s);
    using Start = node::StartFailure::Reason;
    for (Start s :
         {Start::DataDirectory, Start::NotPrivate, Start::DataDirectoryInUse, Start::BadDatabaseUrl,
          Start::DriverMissing, Start::DatabaseUnopened, Start::StoreTooNew,
          Start::StoreOfOtherChain, Start::StoreCorrupt, Start::StoreFailed, Start::CannotListen})
        texts << ui::NodeReasons::startFailure({s, "English message", "WHERE", "DETAIL"});
    return texts;
}

} // namespace

class TestNodeReasons : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { ui::applyLanguage("en"); }

    void everyReasonHasASentenceOfItsOwn() {
        ui::applyLanguage("en");
        const QStringList texts = everyReason();
        QCOMPARE(QSet<QString>(texts.begin(), texts.end()).size(), texts.size());
        const QString missing = ui::NodeReasons::rejection(
            Failure{RejectCode::TxInputMissingOrSpent, "no such output abcd:0"});
        QCOMPARE(missing, QString("a coin it spends does not exist or is already spent "
                                  "(bad-txns-inputs-missingorspent)"));
        // What the OS or the driver said, and where, come through.
        const QString listen = ui::NodeReasons::startFailure(
            {node::StartFailure::Reason::CannotListen, "cannot listen on 127.0.0.1:8000: in use",
             "127.0.0.1:8000", "The address is already in use"});
        QVERIFY2(listen.contains("127.0.0.1:8000") &&
                     listen.contains("The address is already in use"),
                 qPrintable(listen));
        node::SyncResult invalid;
        invalid.failure = node::SyncFailure::InvalidBlock;
        invalid.rejection = Failure{RejectCode::BlockHighHash, "hash above target"};
        QVERIFY2(ui::NodeReasons::syncFailure(invalid).endsWith("(high-hash)"),
                 qPrintable(ui::NodeReasons::syncFailure(invalid)));
    }

    void everyReasonIsTranslated_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("de") << "de";
        QTest::newRow("es") << "es";
    }
    void everyReasonIsTranslated() {
        QFETCH(QString, language);
        ui::applyLanguage("en");
        const QStringList english = everyReason();
        ui::applyLanguage(language);
        const QStringList translated = everyReason();
        QCOMPARE(translated.size(), english.size());
        for (int i = 0; i < english.size(); ++i) {
            QVERIFY2(translated[i] != english[i], qPrintable("untranslated: " + english[i]));
            // The stable code and the passed-through words stay as they are.
            if (english[i].endsWith(')') && english[i].contains(" (bad-"))
                QCOMPARE(translated[i].section(' ', -1), english[i].section(' ', -1));
            if (english[i].contains("DETAIL"))
                QVERIFY2(translated[i].contains("DETAIL"), qPrintable(translated[i]));
            QVERIFY2(!translated[i].contains("English"), qPrintable(translated[i]));
        }
    }

    // Qt's own words (standard buttons, a field's context menu) follow the app's language.
    void qtsOwnWordsFollowTheLanguage() {
        const auto cancelText = [] {
            QDialogButtonBox box(QDialogButtonBox::Cancel);
            return box.button(QDialogButtonBox::Cancel)->text().remove('&');
        };
        ui::applyLanguage("de");
        QCOMPARE(cancelText(), QString("Abbrechen"));
        ui::applyLanguage("es");
        QCOMPARE(cancelText(), QString("Cancelar"));
        ui::applyLanguage("en");
        QCOMPARE(cancelText(), QString("Cancel"));
    }
};

QTEST_MAIN(TestNodeReasons)
#include "tst_node_reasons.moc"
