// minibitcoin-cli wallet against a real daemon: a wallet made with recovery words pays several
// recipients, spends exactly the coins named, is lost, and comes back from its words with every
// coin; messages are signed and checked; wallets from before recovery words still pay; and no
// secret is ever taken from the command line.
#include <QTest>

#include "consensus/pow/network_params.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"
#include "support/test_chain.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <set>

using namespace mbc;
using namespace mbc::test;

namespace {

const QByteArray kPass = "a good passphrase\n";

json::Value parsed(const CliRun& r) {
    auto v = json::parse(r.out.toStdString());
    if (auto* value = std::get_if<json::Value>(&v))
        return *value;
    qWarning("not JSON: %s %s", qPrintable(r.out), qPrintable(r.err));
    return {};
}

QString qtext(const json::Value& v, const char* key) {
    return QString::fromStdString(text(v, key));
}

} // namespace

class TestCliWallet : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;
    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    CliRun wallet(const QString& file, QStringList args, const QByteArray& input = {}) {
        args.insert(1, "--wallet");
        args.insert(2, path(file));
        return runCli(QStringList{"wallet"} + args + QStringList{"--node", node_->url()}, input);
    }

    json::Value walletJson(const QString& file, const QStringList& args,
                           const QByteArray& input = {}) {
        const CliRun r = wallet(file, args + QStringList{"--json"}, input);
        if (r.exitCode != 0)
            qWarning() << args << "failed:" << r.err;
        return parsed(r);
    }

    void mineTo(const QString& address) {
        const CliRun r = runCli({"mine", "--address", address, "--node", node_->url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    // The wallet's unspent coins as "txid:vout amount" lines, sorted.
    std::set<QString> coinSet(const QString& file) {
        std::set<QString> out;
        const json::Value coins = walletJson(file, {"coins"});
        for (const json::Value& c : coins.asArray())
            out.insert(qtext(c, "txid") + ":" + QString::number(integer(c, "vout")) + " " +
                       QString::number(integer(c, "amount")));
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        MBC_REQUIRE_DATABASE(db);
        db_ = std::move(db);
        QString why;
        node_ = startDaemon(*db_, {}, &why);
        QVERIFY2(node_, qPrintable(why));
    }

    void cleanupTestCase() {
        if (node_)
            QCOMPARE(node_->terminate(), 0);
    }

    void lostWalletsComeBackFromTheirWords() {
        const Amount reward = regtestParams().blockReward;
        const json::Value created = walletJson("a.json", {"create"}, kPass + kPass);
        const QString words = qtext(created, "words");
        QCOMPARE(words.split(' ').size(), 12);
        const QString first = qtext(created, "address");
        QFile file(path("a.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(words.split(' ').first().toUtf8() + " "));
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
        mineTo(first);

        const json::Value savings =
            walletJson("a.json", {"new-address", "--label", "savings"}, kPass);
        QCOMPARE(qtext(savings, "path"), QStringLiteral("m/44'/1'/0'/0/1"));
        const QString bob = QString::fromStdString(test::bobKey().address().hex());

        // Two recipients in one transaction; change to the first change address.
        const CliRun paid = wallet("a.json",
                                   {"send", "--to", qtext(savings, "address") + ":1000000", "--to",
                                    bob + ":2000000", "--fee", "1000"},
                                   kPass);
        QVERIFY2(paid.exitCode == 0, qPrintable(paid.err));
        QVERIFY2(paid.out.contains(QStringLiteral("Change        %1 to ").arg(reward - 3001000)),
                 qPrintable(paid.out));
        QVERIFY(paid.out.contains("largest coins first"));
        mineTo(bob);
        const json::Value addresses = walletJson("a.json", {"addresses"});
        QCOMPARE(addresses.asArray().size(), std::size_t(3));
        QCOMPARE(text(addresses.asArray()[2], "path"), std::string("m/44'/1'/0'/1/0"));
        QCOMPARE(integer(walletJson("a.json", {"balance"}), "balance"), reward - 2001000);

        // Coin control: exactly the savings coin, though the change coin is larger.
        const json::Value coins = walletJson("a.json", {"coins"});
        QCOMPARE(coins.asArray().size(), std::size_t(2));
        QString savingsCoin;
        for (const json::Value& c : coins.asArray())
            if (integer(c, "amount") == 1000000) {
                savingsCoin = qtext(c, "txid") + ":" + QString::number(integer(c, "vout"));
                QCOMPARE(text(c, "label"), std::string("savings"));
                QCOMPARE(integer(c, "confirmations"), 1);
            }
        QVERIFY(!savingsCoin.isEmpty());
        const CliRun chosen = wallet(
            "a.json", {"send", "--to", bob + ":400000", "--fee", "500", "--coins", savingsCoin},
            kPass);
        QVERIFY2(chosen.exitCode == 0, qPrintable(chosen.err));
        QVERIFY(chosen.out.contains("by you (--coins)"));
        QVERIFY(chosen.out.contains("Spent         " + savingsCoin + "  0.01000000"));
        mineTo(bob);
        const Amount balance = reward - 2001000 - 400500;
        QCOMPARE(integer(walletJson("a.json", {"balance"}), "balance"), balance);
        const std::set<QString> before = coinSet("a.json");
        QCOMPARE(before.size(), std::size_t(2));

        // A request: a fresh address as a payment link (and a QR code on a terminal).
        const json::Value request =
            walletJson("a.json", {"request", "--amount", "2.5", "--label", "lunch"}, kPass);
        QCOMPARE(qtext(request, "uri"),
                 "minibitcoin:" + qtext(request, "address") + "?amount=2.5&label=lunch");
        const CliRun shown = wallet("a.json", {"request", "--message", "any"}, kPass);
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
        QVERIFY(shown.out.contains("▄") && shown.out.contains("Link     minibitcoin:"));

        // What the wallet did, as CSV: the block it mined, then the two payments.
        const CliRun history = wallet("a.json", {"export-history"});
        QVERIFY2(history.exitCode == 0, qPrintable(history.err));
        const QStringList rows = history.out.split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0], QString("date,kind,label,counterparty,amount,txid,height"));
        QVERIFY2(rows[1].contains(",sent,,") && rows[1].contains(bob + ",-0.00400500,"),
                 qPrintable(rows[1]));
        QVERIFY2(rows[2].contains(",sent,,") && rows[2].contains(bob + ",-0.02001000,"),
                 qPrintable(rows[2]));
        QVERIFY2(rows[3].contains(",mined,,") && rows[3].endsWith(",0"), qPrintable(rows[3]));
        QVERIFY(wallet("a.json", {"export-history", "--output", path("h.csv")}).exitCode == 0);
        QFile csvFile(path("h.csv"));
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csvFile.readAll()), history.out);

        // The data directory is lost; the words bring every coin back.
        QVERIFY(QFile::remove(path("a.json")));
        const json::Value restored =
            walletJson("b.json", {"restore"}, words.toUtf8() + "\n" + kPass + kPass);
        QCOMPARE(integer(restored, "receive_addresses"), 2);
        QCOMPARE(integer(restored, "change_addresses"), 2);
        QCOMPARE(integer(restored, "balance"), balance);
        QVERIFY(coinSet("b.json") == before);
        QCOMPARE(integer(walletJson("b.json", {"balance"}), "balance"), balance);
    }

    void messagesAreSignedAndChecked() {
        const json::Value created =
            walletJson("m.json", {"create", "--words", "24"}, kPass + kPass);
        QCOMPARE(qtext(created, "words").split(' ').size(), 24);
        const QString address = qtext(created, "address");
        const CliRun signedRun = wallet("m.json", {"sign-message", "I own this"}, kPass);
        QVERIFY2(signedRun.exitCode == 0, qPrintable(signedRun.err));
        const QString signature = signedRun.out.trimmed();
        QCOMPARE(signature.size(), 88);
        const CliRun valid = runCli({"wallet", "verify-message", address, signature, "I own this"});
        QVERIFY2(valid.exitCode == 0, qPrintable(valid.err));
        QVERIFY(valid.out.startsWith("Valid"));
        const CliRun other = runCli({"wallet", "verify-message", address, signature, "I own that"});
        QCOMPARE(other.exitCode, 1);
        QVERIFY2(other.err.contains("not valid"), qPrintable(other.err));
        const CliRun garbage = runCli({"wallet", "verify-message", address, "abc", "I own this"});
        QCOMPARE(garbage.exitCode, 1);
        QVERIFY2(garbage.err.contains("malformed"), qPrintable(garbage.err));
    }

    // A label reaches the terminal written out, in the tables and in the history's CSV (a
    // wallet file may come from elsewhere, and its labels from other people's payment links).
    void aWalletsLabelsCannotDriveTheTerminal() {
        walletJson("c.json", {"create"}, kPass + kPass);
        const json::Value labelled =
            walletJson("c.json", {"new-address", "--label", "tip\x1b[2K\rjar"}, kPass);
        mineTo(qtext(labelled, "address"));
        const CliRun listed = wallet("c.json", {"addresses"});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        QVERIFY2(!listed.out.contains(QChar(0x1b)) && !listed.out.contains('\r'),
                 qPrintable(listed.out));
        QVERIFY2(listed.out.contains("tip\\x1b[2K\\rjar"), qPrintable(listed.out));
        const CliRun history = wallet("c.json", {"export-history"});
        QVERIFY2(history.exitCode == 0, qPrintable(history.err));
        QVERIFY2(!history.out.contains(QChar(0x1b)), qPrintable(history.out));
        QVERIFY2(history.out.contains(",mined,tip\\x1b[2K\\rjar,"), qPrintable(history.out));
    }

    void walletsFromBeforeRecoveryWordsStillPay() {
        QVERIFY(QFile::copy(MBC_TEST_DATA_DIR "/wallet/v1-wallet.json", path("old.json")));
        const QString alice = QString::fromStdString(test::aliceKey().address().hex());
        mineTo(alice);
        const QString carol = QString::fromStdString(test::carolKey().address().hex());
        const CliRun paid =
            wallet("old.json", {"send", "--to", carol + ":5000", "--fee", "1000"}, "old wallet\n");
        QVERIFY2(paid.exitCode == 0, qPrintable(paid.err));
        QVERIFY2(paid.out.contains(" to " + alice), qPrintable(paid.out)); // change comes back
        const CliRun words = wallet("old.json", {"new-address"}, "old wallet\n");
        QVERIFY2(words.exitCode == 0, qPrintable(words.err));
        QVERIFY(words.out.contains("imported") || words.out.contains("Path"));
    }

    void mistakesAreNamedAndNothingIsOverwritten() {
        QVERIFY(walletJson("e.json", {"create"}, kPass + kPass).find("words"));
        const QByteArray before = [&] {
            QFile f(path("e.json"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        const CliRun again = wallet("e.json", {"create"}, kPass + kPass);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));
        const CliRun restoreOver = wallet("e.json", {"restore"}, "x\n");
        QVERIFY2(restoreOver.err.contains("already exists"), qPrintable(restoreOver.err));
        QFile f(path("e.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);

        const CliRun typo = wallet("t.json", {"restore"},
                                   "abandon abandon abandon abandon abandn abandon abandon abandon "
                                   "abandon abandon abandon about\n" +
                                       kPass + kPass);
        QCOMPARE(typo.exitCode, 1);
        QVERIFY2(typo.err.contains("word 5, \"abandn\""), qPrintable(typo.err));
        QVERIFY(!QFile::exists(path("t.json")));

        const CliRun differ = wallet("d.json", {"create"}, "one\ntwo\n");
        QVERIFY2(differ.err.contains("passphrases differ"), qPrintable(differ.err));
        QVERIFY(!QFile::exists(path("d.json")));

        const CliRun wrong = wallet("e.json", {"new-address"}, "not it\n");
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("wrong passphrase"), qPrintable(wrong.err));

        const CliRun badTo = wallet("e.json", {"send", "--to", "bob:5"}, kPass);
        QVERIFY2(badTo.err.contains("'bob:5' is not ADDRESS:AMOUNT"), qPrintable(badTo.err));
        const QString bob = QString::fromStdString(test::bobKey().address().hex());
        const CliRun unknownCoin = wallet(
            "e.json", {"send", "--to", bob + ":5", "--coins", QString(64, 'a') + ":0"}, kPass);
        QVERIFY2(unknownCoin.err.contains("is not an unspent coin of this wallet"),
                 qPrintable(unknownCoin.err));

        // Secrets are never arguments.
        for (const char* option : {"--passphrase", "--words-file", "--mnemonic"}) {
            const CliRun r = wallet("s.json", {"create", option, "x"});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("unexpected argument"), qPrintable(r.err));
        }
        // The app's wallet in a data directory others can change could be theirs.
        const QString shared = path("shared");
        QVERIFY(QDir().mkdir(shared));
        QVERIFY(QFile::setPermissions(shared, QFileDevice::Permissions(0x7777)));
        const CliRun sharedDir = runCli({"wallet", "addresses", "--datadir", shared});
        QCOMPARE(sharedDir.exitCode, 1);
        QVERIFY2(sharedDir.err.contains("the data directory " + shared +
                                        " can be changed by other users (mode 0777)"),
                 qPrintable(sharedDir.err));
        const CliRun help = runCli({"wallet", "--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char* command :
             {"create", "restore", "addresses", "new-address", "balance", "coins", "send",
              "request", "export-history", "sign-message", "verify-message"})
            QVERIFY2(help.out.contains(QString("  ") + command), command);
    }
};

QTEST_GUILESS_MAIN(TestCliWallet)
#include "tst_cli_wallet.moc"
