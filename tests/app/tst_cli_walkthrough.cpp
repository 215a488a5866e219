// minibitcoin-cli end to end against a real daemon: MiniBitcoinPy's walkthrough (two wallets,
// mine, send, mine, balances) and its failure cases, each a one-line message and a non-zero exit.
#include <QTest>

#include "consensus/pow/network_params.h"
#include "consensus/serialize/json_codec.h"
#include "net/rest_test_helpers.h"
#include "support/cli_process.h"
#include "wallet/keystore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace mbc;
using namespace mbc::test;

namespace {

using Run = CliRun;

struct Wallet {
    QString privateKey;
    QString address;
};

} // namespace

class TestCliWalkthrough : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<DaemonProcess> node_;
    Wallet alice_;
    Wallet bob_;

    Run cli(QStringList args, bool withNode = true) {
        if (withNode)
            args << "--node" << node_->url();
        return runCli(args);
    }

    json::Value cliJson(const QStringList& args, bool withNode = true) {
        const Run r = cli(args + QStringList{"--json"}, withNode);
        if (r.exitCode != 0)
            qWarning() << args << "failed:" << r.err;
        auto parsed = json::parse(r.out.toStdString());
        auto* v = std::get_if<json::Value>(&parsed);
        return v ? *v : json::Value();
    }

    Wallet createWallet() {
        const json::Value w = cliJson({"create-wallet"}, false);
        return {QString::fromStdString(text(w, "private_key")),
                QString::fromStdString(text(w, "address"))};
    }

    std::int64_t balanceOf(const Wallet& w) {
        return integer(cliJson({"balance", w.address}), "balance");
    }

private slots:
    void initTestCase() {
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

    void theWalkthrough() {
        alice_ = createWallet();
        bob_ = createWallet();
        QCOMPARE(alice_.address.size(), 40);
        QVERIFY(alice_.address != bob_.address);

        // Mine genesis to fund Alice; the table shows what MiniBitcoinPy's did.
        const Run mined = cli({"mine", "--address", alice_.address});
        QCOMPARE(mined.exitCode, 0);
        QVERIFY2(mined.out.startsWith("Block mined successfully!\n"), qPrintable(mined.out));
        QVERIFY(QRegularExpression("Height: +0\n").match(mined.out).hasMatch());
        QVERIFY(QRegularExpression("Transactions: +1\n").match(mined.out).hasMatch());
        const std::int64_t reward = regtestParams().blockReward;
        QCOMPARE(balanceOf(alice_), reward);

        const Run sent = cli({"send", "--from", alice_.privateKey, "--to", bob_.address, "--amount",
                              "1000000", "--fee", "1000"});
        QCOMPARE(sent.exitCode, 0);
        const auto txid = QRegularExpression("Txid +([0-9a-f]{64})\n").match(sent.out);
        QVERIFY2(txid.hasMatch(), qPrintable(sent.out));
        QVERIFY(sent.out.contains(QStringLiteral("Change  %1").arg(reward - 1000000 - 1000)));
        const Run pool = cli({"mempool"});
        QVERIFY(pool.out.contains(txid.captured(1)));
        QCOMPARE(integer(cliJson({"tx", txid.captured(1)}), "confirmations"), 0);

        QCOMPARE(cli({"mine", "--address", alice_.address}).exitCode, 0);
        QCOMPARE(balanceOf(bob_), 1000000);
        QCOMPARE(balanceOf(alice_), 2 * reward - 1000000); // the fee came back in her reward
        const Run balance = cli({"balance", bob_.address});
        QVERIFY2(balance.out.contains("Balance  1000000 (0.01000000 coins)"),
                 qPrintable(balance.out));
        const json::Value tx = cliJson({"tx", txid.captured(1)});
        QCOMPARE(text(tx, "status"), std::string("confirmed"));
        QCOMPARE(integer(tx, "confirmations"), 1);

        const Run utxos = cli({"utxos", alice_.address});
        QCOMPARE(utxos.exitCode, 0);
        QCOMPARE(utxos.out.count(QRegularExpression("\n[0-9a-f]{64}  ")), 2);
        const Run status = cli({"status"});
        QVERIFY(QRegularExpression("Height +1\n").match(status.out).hasMatch());
        QVERIFY(status.out.contains("Network  regtest"));
        const Run chain = cli({"chain"});
        QCOMPARE(chain.out.count(QRegularExpression("\n[01] +[0-9a-f]{64}  ")), 2);
        const Run block = cli({"block", "1"});
        QVERIFY(block.out.contains(txid.captured(1)));
        const json::Value byHash =
            cliJson({"block", QString::fromStdString(text(cliJson({"block", "0"}), "block_hash"))});
        QCOMPARE(integer(byHash, "height"), 0);
    }

    void peersCommands() {
        const Run added = cli({"peers", "add", "http://127.0.0.1:9"});
        QCOMPARE(added.exitCode, 0);
        QVERIFY(added.out.contains("peer added"));
        const Run listed = cli({"peers", "list"});
        QVERIFY(listed.out.contains("http://127.0.0.1:9"));
    }

    void failuresAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("exitCode");
        const QString nobody(40, 'e');
        QTest::newRow("insufficient funds")
            << QStringList{"send",     "--from",       alice_.privateKey, "--to", bob_.address,
                           "--amount", "999999999999", "--fee",           "1000"}
            << "insufficient funds: have " << 1;
        QTest::newRow("empty wallet") << QStringList{"send", "--from",     QString(63, '0') + "1",
                                                     "--to", bob_.address, "--amount",
                                                     "5",    "--fee",      "1"}
                                      << "insufficient funds: have 0, need 6" << 1;
        QTest::newRow("bad key") << QStringList{"send",       "--from",   "abc", "--to",
                                                bob_.address, "--amount", "5"}
                                 << "--from: not a private key" << 1;
        QTest::newRow("bad recipient")
            << QStringList{"send", "--from", alice_.privateKey, "--to", "bob", "--amount", "5"}
            << "--to: 'bob' is not an address" << 1;
        QTest::newRow("bad amount")
            << QStringList{"send",     "--from", alice_.privateKey, "--to", bob_.address,
                           "--amount", "lots"}
            << "--amount: 'lots' is not an amount" << 1;
        QTest::newRow("zero amount")
            << QStringList{"send",     "--from", alice_.privateKey, "--to", bob_.address,
                           "--amount", "0"}
            << "amount: must be from 1" << 1;
        QTest::newRow("bad address")
            << QStringList{"balance", "xyz"} << "'xyz' is not an address" << 1;
        QTest::newRow("unknown tx") << QStringList{"tx", QString(64, 'a')}
                                    << "the node refused: not-found: transaction" << 1;
        QTest::newRow("unknown block")
            << QStringList{"block", "999"} << "the node refused: not-found: no block at height 999"
            << 1;
        QTest::newRow("mine without address")
            << QStringList{"mine"} << "--address ADDRESS is required" << 1;
        QTest::newRow("bad peer url")
            << QStringList{"peers", "add", "not a url"} << "the node refused: bad-peer-url" << 1;
        QTest::newRow("missing argument")
            << QStringList{"balance"} << "balance: missing argument" << 2;
        QTest::newRow("unknown option")
            << QStringList{"status", "--colour"} << "unexpected argument '--colour'" << 2;
    }
    void failuresAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(int, exitCode);
        const Run r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        QString err = r.err;
        // A key on the command line is warned about first, when the key is read.
        const QString warning = "minibitcoin-cli: warning: --from puts the private key";
        if (args.contains("--from") && err.startsWith(warning))
            err = err.section('\n', 1);
        QVERIFY2(err.startsWith("minibitcoin-cli: ") && err.contains(message), qPrintable(r.err));
        QCOMPARE(err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    // Keys kept off the command line: a key file (create-wallet's JSON), stdin, and the app's
    // encrypted wallet with its passphrase on stdin; none warns.
    void theKeyComesFromAFileStdinOrTheAppsWallet() {
        QTemporaryDir dir;
        const QString keyFile = dir.filePath("alice.json");
        QFile k(keyFile);
        QVERIFY(k.open(QIODevice::WriteOnly));
        json::Value aliceJson;
        aliceJson.set("private_key", alice_.privateKey.toStdString());
        k.write(QByteArray::fromStdString(json::write(aliceJson)));
        k.close();
        // Readable by others, it is used with a warning; kept to its owner, without one.
        const QStringList pay0{"--to", bob_.address, "--amount", "0", "--fee", "1000"};
        QVERIFY(cli(QStringList{"send", "--key-file", keyFile} + pay0)
                    .err.contains("can be read by other users; chmod 600 it"));
        QVERIFY(k.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QStringList pay{"--to", bob_.address, "--amount", "1000", "--fee", "1000"};
        const Run fromFile = cli(QStringList{"send", "--key-file", keyFile} + pay);
        QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.err));
        QVERIFY2(fromFile.err.isEmpty(), qPrintable(fromFile.err));
        // Each payment spends all of alice's confirmed coins: the next needs its change mined.
        const auto mineChange = [&] {
            return cli({"mine", "--address", alice_.address}).exitCode == 0;
        };
        QVERIFY(mineChange());

        const Run fromStdin =
            runCli(QStringList{"send", "--key-file", "-", "--node", node_->url()} + pay,
                   alice_.privateKey.toUtf8() + "\n");
        QVERIFY2(fromStdin.exitCode == 0, qPrintable(fromStdin.err));
        QVERIFY2(fromStdin.err.isEmpty(), qPrintable(fromStdin.err));
        QVERIFY(mineChange());

        auto store = wallet::Keystore::create("correct horse", wallet::KdfCost{1u << 10, 8, 1});
        QVERIFY(std::holds_alternative<wallet::KeyEntry>(
            store.importKey(alice_.privateKey.toStdString(), "alice")));
        const QString walletFile = dir.filePath("wallet.json");
        QFile w(walletFile);
        QVERIFY(w.open(QIODevice::WriteOnly));
        w.write(QByteArray::fromStdString(store.toJson()));
        w.close();
        const QStringList viaWallet =
            QStringList{"send", "--wallet", walletFile, "--node", node_->url()} + pay;
        const Run wrong = runCli(viaWallet, "not it\n");
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("passphrase"), qPrintable(wrong.err));
        const Run paid = runCli(viaWallet, "correct horse\n");
        QVERIFY2(paid.exitCode == 0, qPrintable(paid.err));
        QVERIFY2(paid.err.isEmpty(), qPrintable(paid.err));
        QVERIFY(paid.out.contains("Transaction submitted"));
        QVERIFY(!paid.out.contains(alice_.privateKey));
    }

    void anUnreachableNodeIsOneLine() {
        const Run r =
            cli({"status", "--node", QStringLiteral("http://127.0.0.1:%1").arg(freePort())}, false);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot reach the node at http://127.0.0.1:"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QCOMPARE(cli({"status", "--node", "ftp://x"}, false).exitCode, 1);
    }

    void theTokenIsReadFromTheDataDir() {
        // A node that trusts nobody without the token: the CLI finds it in --datadir.
        QString why;
        auto db = TestDatabase::create(&why);
        QVERIFY2(db, qPrintable(why));
        auto locked = startDaemon(*db, {{"TRUST_LOOPBACK", "false"}}, &why);
        QVERIFY2(locked, qPrintable(why));
        const QStringList mine{"mine", "--address", alice_.address, "--node", locked->url()};
        const Run refused = cli(mine, false);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("unauthorized"));
        QCOMPARE(cli(mine + QStringList{"--datadir", db->directory()}, false).exitCode, 0);
        QCOMPARE(locked->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliWalkthrough)
#include "tst_cli_walkthrough.moc"
