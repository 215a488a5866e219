// The executables as a user runs them: minibitcoin-cli create-wallet, and the checks that
// `minibitcoin --daemon` applies to its flags.
#include <QTest>

#include "consensus/serialize/json_codec.h"
#include "consensus/serialize/tx_serialize.h"
#include "node/node_settings.h"
#include "support/block_factory.h"
#include "support/cli_process.h"
#include "support/http_test_client.h"
#include "support/scripted_peer.h"
#include "support/test_chain.h"
#include "wallet/payment_builder.h"
#include "wallet/private_key.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace mbc;

namespace {

using Run = test::CliRun;

// Runs with a clean environment (plus `env`) in `workDir`, so the developer's own settings and
// .env cannot change the outcome.
Run run(const QString& program, const QStringList& args, const QMap<QString, QString>& env = {},
        const QString& workDir = QDir::tempPath()) {
    return test::runProgram(program, args, test::cleanEnvironment(env), workDir);
}

Run cli(const QStringList& args) {
    return run(MBC_CLI_PATH, args);
}
Run app(const QStringList& args, const QMap<QString, QString>& env = {},
        const QString& workDir = QDir::tempPath()) {
    return run(MBC_APP_PATH, args, env, workDir);
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void createWalletJsonGivesAConsistentKeyPair() {
        const Run r = cli({"create-wallet", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto doc = parseJson(r.out.toStdString());
        QVERIFY2(doc.ok(), qPrintable(r.out));
        const auto* priv = doc->find("private_key");
        const auto* pub = doc->find("public_key");
        const auto* address = doc->find("address");
        QVERIFY(priv && pub && address);
        const auto key = PrivateKey::fromHex(priv->asString());
        QVERIFY(key.has_value());
        QCOMPARE(key->publicKey().hex(), pub->asString());
        QCOMPARE(key->address().hex(), address->asString());
        QCOMPARE(address->asString().size(), std::size_t(40));
    }

    void everyWalletIsNew() {
        const Run a = cli({"create-wallet", "--json"});
        const Run b = cli({"create-wallet", "--json"});
        QVERIFY(!a.out.isEmpty());
        QVERIFY(a.out != b.out);
    }

    void createWalletPrintsATable() {
        const Run r = cli({"create-wallet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QRegularExpression("Private Key +[0-9a-f]{64}\\n").match(r.out).hasMatch());
        QVERIFY(QRegularExpression("Public Key +0[23][0-9a-f]{64}\\n").match(r.out).hasMatch());
        QVERIFY(QRegularExpression("Address +[0-9a-f]{40}\\n").match(r.out).hasMatch());
        QVERIFY(r.out.contains("save your private key"));
    }

    void failuresAreOneLineAndNonZero_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{"frob"} << "unknown command 'frob'";
        QTest::newRow("bad option")
            << QStringList{"create-wallet", "--colour"} << "unexpected argument '--colour'";
    }
    void failuresAreOneLineAndNonZero() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void usageAndVersion() {
        QVERIFY(cli({}).exitCode != 0);
        QVERIFY(cli({}).err.contains("create-wallet"));
        QCOMPARE(cli({"--help"}).exitCode, 0);
        QVERIFY(cli({"--version"}).out.startsWith("minibitcoin-cli "));
        QVERIFY(app({"--version"}).out.startsWith("minibitcoin "));
        // --help is the settings table: every setting, by flag or environment name.
        const QString help = app({"--help"}).out;
        QVERIFY2(help.startsWith("Usage: minibitcoin [options]\n"), qPrintable(help));
        for (const node::Setting& s : node::nodeSettings()) {
            QVERIFY2(help.contains(s.env), qPrintable(s.env));
            if (!s.flag.isEmpty())
                QVERIFY2(help.contains("--" + s.flag), qPrintable(s.flag));
        }
    }

    // The CLI signs only amounts it checked: a node that under-reports a coin (so that the
    // rest would go as fee), or serves another transaction for it, is refused before anything
    // is signed or sent; an honest one is paid.
    void sendChecksEveryCoinAgainstItsTransaction() {
        test::BlockFactory f;
        const PrivateKey alice = test::aliceKey();
        const Block genesis = f.genesis(alice.address());
        const Transaction& coinbase = genesis.transactions[0];
        const QString txid = QString::fromStdString(computeTxid(coinbase).hex());
        const Amount worth = coinbase.outputs[0].amount;
        QTemporaryDir dir;
        const QString keyFile = dir.filePath("alice.key");
        QFile k(keyFile);
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write(QByteArray::fromStdString(alice.hex() + "\n"));
        k.close();
        QVERIFY(k.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));

        const auto coinList = [&](Amount claimed) {
            json::Value utxo;
            utxo.set("txid", txid.toStdString());
            utxo.set("vout", 0);
            utxo.set("amount", claimed);
            utxo.set("spent_in_mempool", false);
            json::Value list;
            list.set("utxos", json::Value::Array{utxo});
            list.set("next_after", nullptr);
            return QByteArray::fromStdString(json::write(list));
        };
        const auto send = [&](test::ScriptedPeer& node) {
            return test::runCli({"send", "--key-file", keyFile, "--to",
                                 QString::fromStdString(test::bobKey().address().hex()), "--amount",
                                 "50000000", "--fee", "1000", "--node", node.url()},
                                {}, true);
        };
        const QString utxosPath = QString::fromStdString("/utxos/" + alice.address().hex());
        // What the node answers for the payment the CLI makes (signing is deterministic).
        const auto built = wallet::buildPayment(
            alice, {{OutPoint{computeTxid(coinbase), 0}, worth, alice.address()}},
            test::bobKey().address(), 50000000, 1000);
        const QByteArray accepted =
            "{\"txid\": \"" +
            QByteArray::fromStdString(computeTxid(std::get<wallet::Payment>(built).tx).hex()) +
            "\", \"fee\": 1000}";

        test::ScriptedPeer liar;
        liar.script(utxosPath, {200, "application/json", coinList(100'000'000)}); // 1 of 50 coins
        liar.script("/tx/" + txid, {200, "application/json",
                                    QByteArray::fromStdString(json::write(txToJson(coinbase)))});
        liar.script("/tx", {200, "application/json", accepted});
        const Run lied = send(liar);
        QCOMPARE(lied.exitCode, 1);
        QVERIFY2(lied.err.contains(QStringLiteral("the node reports coin %1:0 as 100000000 base "
                                                  "units, but its transaction says %2")
                                       .arg(txid)
                                       .arg(worth)),
                 qPrintable(lied.err));
        QCOMPARE(liar.requests("/tx"), 0); // nothing signed went out

        // The amount lowered in the transaction too: it is no longer that transaction.
        Transaction forged = coinbase;
        forged.outputs[0].amount = 100'000'000;
        test::ScriptedPeer forger;
        forger.script(utxosPath, {200, "application/json", coinList(100'000'000)});
        forger.script("/tx/" + txid, {200, "application/json",
                                      QByteArray::fromStdString(json::write(txToJson(forged)))});
        forger.script("/tx", {200, "application/json", accepted});
        const Run forgedRun = send(forger);
        QCOMPARE(forgedRun.exitCode, 1);
        QVERIFY2(forgedRun.err.contains("the node served a different transaction for " + txid),
                 qPrintable(forgedRun.err));
        QCOMPARE(forger.requests("/tx"), 0);

        test::ScriptedPeer honest;
        honest.script(utxosPath, {200, "application/json", coinList(worth)});
        honest.script("/tx/" + txid, {200, "application/json",
                                      QByteArray::fromStdString(json::write(txToJson(coinbase)))});
        honest.script("/tx", {200, "application/json", accepted});
        const Run paid = send(honest);
        QVERIFY2(paid.exitCode == 0, qPrintable(paid.err));
        QVERIFY2(paid.err.isEmpty(), qPrintable(paid.err)); // no warning: the key was in a file
        QVERIFY(paid.out.contains(QStringLiteral("Change  %1").arg(worth - 50000000 - 1000)));
        QCOMPARE(honest.requests("/tx"), 1);
        QVERIFY(paid.out.contains(
            QString::fromStdString(computeTxid(std::get<wallet::Payment>(built).tx).hex())));

        // A node that answers with another txid for the payment is not believed.
        test::ScriptedPeer renamer;
        renamer.script(utxosPath, {200, "application/json", coinList(worth)});
        renamer.script("/tx/" + txid, {200, "application/json",
                                       QByteArray::fromStdString(json::write(txToJson(coinbase)))});
        renamer.script("/tx", {200, "application/json",
                               "{\"txid\": \"" + QByteArray(64, 'a') + "\", \"fee\": 1000}"});
        const Run renamed = send(renamer);
        QCOMPARE(renamed.exitCode, 1);
        QVERIFY2(renamed.err.contains("the node answered with txid " + QString(64, 'a')),
                 qPrintable(renamed.err));
    }

    // Without a display the app says so and what to run instead, and exits with 1 (not Qt's
    // abort with advice to reinstall).
    void theAppWithoutADisplaySaysWhatToDo() {
        QTemporaryDir home;
        const Run r = app({"--network", "regtest", "--datadir", home.filePath("data")},
                          {{"HOME", home.path()}});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot open the window: there is no display"), qPrintable(r.err));
        QVERIFY2(r.err.contains("minibitcoin --daemon"), qPrintable(r.err));
        QVERIFY2(r.err.contains("QT_QPA_PLATFORM=offscreen"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("Reinstalling"), qPrintable(r.err));
    }

    // A node (or whatever answers on its port) sends the wallet commands answers of the wrong
    // shape or impossible amounts: each is one line and exit 1, never a crash.
    void theWalletCommandsSurviveALyingNode() {
        QTemporaryDir dir;
        const QString wallet = dir.filePath("wallet.json");
        QVERIFY(QFile::copy(MBC_TEST_DATA_DIR "/wallet/v1-wallet.json", wallet));
        const QString alice = QString::fromStdString(test::aliceKey().address().hex());
        test::ScriptedPeer liar;
        liar.script("/address/" + alice + "/history",
                    {200, "application/json", "{\"transactions\": 5}"});
        liar.script("/balance/" + alice,
                    {200, "application/json",
                     "{\"address\": \"" + alice.toUtf8() +
                         "\", \"balance\": 9223372036854775807, \"utxo_count\": 1}"});
        const Run history = test::runCli(
            {"wallet", "export-history", "--wallet", wallet, "--node", liar.url()}, {}, true);
        QCOMPARE(history.exitCode, 1);
        QVERIFY2(history.err.contains("not what this command expects"), qPrintable(history.err));
        const Run balance =
            test::runCli({"wallet", "balance", "--wallet", wallet, "--node", liar.url()}, {}, true);
        QCOMPARE(balance.exitCode, 1);
        QVERIFY2(balance.err.contains("balance out of range"), qPrintable(balance.err));
    }

    // A node's strings reach the terminal with their control characters and invisible marks
    // written out: no escape sequence, carriage return or line feed of the node's own can
    // rewrite what the CLI printed (fake a status, or hide an error behind a "submitted").
    void aNodesWordsCannotDriveTheTerminal() {
        const QByteArray erase = "\\u001b[2K\\r";
        test::ScriptedPeer evil;
        evil.script("/health",
                    {200, "application/json",
                     "{\"status\": \"ok\", \"node_name\": \"x" + erase +
                         "Height 999999\\nMining yes\", \"chain_height\": 1, "
                         "\"tip_hash\": \"ab\\u202ecd\", \"utxo_count\": 0, "
                         "\"mempool_size\": 0, \"peer_count\": 0, \"network\": \"regtest\", "
                         "\"mining\": false, \"syncing\": false}"});
        const QString hash(64, 'a');
        evil.script("/tx/" + hash,
                    {404, "application/json",
                     "{\"detail\": \"" + erase + "Transaction submitted to the mempool.\"}"});
        evil.script("/block/" + hash, {200, "application/json",
                                       "{\"a\": 1, \"" + erase + "\": 1, \"" + erase + "\": 2}"});
        const auto raw = [](const QString& text) {
            return text.contains(QChar(0x1b)) || text.contains('\r') ||
                   text.contains(QChar(0x202e)) || text.contains(QChar(0x9b));
        };

        const Run status = test::runCli({"status", "--node", evil.url()}, {}, true);
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        QVERIFY2(!raw(status.out), qPrintable(status.out));
        QVERIFY2(status.out.contains("x\\x1b[2K\\rHeight 999999\\nMining yes"),
                 qPrintable(status.out));
        QVERIFY2(status.out.contains("ab\\u{202e}cd"), qPrintable(status.out));
        QVERIFY2(!status.out.contains("\nHeight 999999"), qPrintable(status.out));

        const Run json = test::runCli({"status", "--json", "--node", evil.url()}, {}, true);
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        QVERIFY2(!raw(json.out), qPrintable(json.out));
        QVERIFY2(json.out.contains("ab\\u202ecd"), qPrintable(json.out));

        const Run missing = test::runCli({"tx", hash, "--node", evil.url()}, {}, true);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(!raw(missing.err), qPrintable(missing.err));
        QVERIFY2(missing.err.contains("\\x1b[2K\\rTransaction submitted"), qPrintable(missing.err));

        const Run garbled = test::runCli({"block", hash, "--node", evil.url()}, {}, true);
        QCOMPARE(garbled.exitCode, 1);
        QVERIFY2(!raw(garbled.err), qPrintable(garbled.err));
        QVERIFY2(garbled.err.contains("duplicate key \"\\u001b[2K\\r\""), qPrintable(garbled.err));
    }

    // The desktop opens the app with a payment link (minibitcoin.desktop: Exec=minibitcoin %u);
    // the daemon has no Send tab, and nothing else is taken as an argument.
    void theAppTakesAPaymentLinkAndNothingElse() {
        const QString link = "minibitcoin:" + QString(40, 'a') + "?amount=1";
        const Run daemon = app({"--daemon", link});
        QCOMPARE(daemon.exitCode, 2);
        QVERIFY2(daemon.err.contains("opens in the app, not with --daemon"),
                 qPrintable(daemon.err));
        const Run other = app({"--check-config", "bitcoin:" + QString(40, 'a')});
        QCOMPARE(other.exitCode, 2);
        QVERIFY2(other.err.contains("unexpected argument 'bitcoin:"), qPrintable(other.err));
        QTemporaryDir home;
        const Run accepted = app({"--check-config", link}, {{"HOME", home.path()}});
        QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.err));
        QFile desktop(MBC_SOURCE_DIR "/packaging/minibitcoin.desktop");
        QVERIFY(desktop.open(QIODevice::ReadOnly));
        const QByteArray entry = desktop.readAll();
        QVERIFY(entry.contains("Exec=minibitcoin %u\n"));
        QVERIFY(entry.contains("MimeType=x-scheme-handler/minibitcoin;\n"));
    }

    // A link clicked while the app runs: the second start hands it to the running app (the
    // one on the same data directory), which opens it, and exits.
    void aLinkGoesToTheAppAlreadyRunning() {
        QTemporaryDir home, runtime; // (both 0700)
        const QString dataDir = home.filePath("data");
        const QMap<QString, QString> env{{"HOME", home.path()},
                                         {"QT_QPA_PLATFORM", "offscreen"},
                                         {"XDG_RUNTIME_DIR", runtime.path()}};
        QProcess running;
        running.setProcessEnvironment(test::cleanEnvironment(env));
        running.start(MBC_APP_PATH, {"--network", "regtest", "--port",
                                     QString::number(test::freePort()), "--datadir", dataDir});
        QVERIFY(running.waitForStarted());
        const auto stop = qScopeGuard([&] {
            running.terminate();
            if (!running.waitForFinished(10000))
                running.kill();
        });
        const auto logged = [&](const char* text) {
            QFile log(dataDir + "/minibitcoin.log");
            return log.open(QIODevice::ReadOnly) && QString::fromUtf8(log.readAll()).contains(text);
        };
        QTRY_VERIFY_WITH_TIMEOUT(logged("serving"), test::kLongTimeoutMs);
        // The links' socket is in the user's runtime directory, where no other user can take
        // its name first.
        QTRY_COMPARE_WITH_TIMEOUT(
            QDir(runtime.path()).entryList({"minibitcoin-*"}, QDir::System).size(), 1, 10'000);
        const QString link = "minibitcoin:" + QString(40, 'a') + "?amount=1";
        const Run second = app({"--network", "regtest", "--datadir", dataDir, link}, env);
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY2(second.out.contains("the link went to the MiniBitcoin already running"),
                 qPrintable(second.out));
        QTRY_VERIFY_WITH_TIMEOUT(logged("opened a payment link handed over by a later start"),
                                 test::kLongTimeoutMs);
    }

    // The errors quoting settings (a .env line, a value) reach the terminal with their control
    // characters written out.
    void settingsCannotDriveTheTerminal() {
        QTemporaryDir dir, home;
        const auto writeEnv = [&](const QByteArray& text) {
            QFile env(dir.filePath(".env"));
            return env.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                   env.write(text) == text.size();
        };
        const auto raw = [](const QString& text) {
            return text.contains(QChar(0x1b)) || text.contains('\r') || text.contains(QChar(7));
        };
        QVERIFY(writeEnv("NODE_NAME=evil\x1b[2K\rname\n"));
        const Run named =
            app({"--check-config", "--network", "regtest"}, {{"HOME", home.path()}}, dir.path());
        QCOMPARE(named.exitCode, 2);
        QVERIFY2(!raw(named.err), qPrintable(named.err));
        QVERIFY2(named.err.contains("'evil\\x1b[2K\\rname' is not a node name"),
                 qPrintable(named.err));

        QVERIFY(writeEnv("garbage\x1b]2;x\x07\n"));
        const Run bad = app({"--check-config"}, {{"HOME", home.path()}}, dir.path());
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(!raw(bad.err), qPrintable(bad.err));
        QVERIFY2(bad.err.contains("garbage\\x1b]2;x\\x07"), qPrintable(bad.err));
    }

    void daemonAcceptsItsFlags() {
        const Run r = app({"--check-config", "--network", "regtest", "--port", "8123", "--host",
                           "0.0.0.0", "--datadir", "/tmp/mbc-flags-test", "--mining-threads", "3",
                           "--database-url", "postgresql://u:p@127.0.0.1:5432/db"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("network         regtest"));
        QVERIFY(r.out.contains("port            8123"));
        QVERIFY(r.out.contains("host            0.0.0.0"));
        QVERIFY(r.out.contains("datadir         /tmp/mbc-flags-test"));
        QVERIFY(r.out.contains("mining threads  3"));
        QVERIFY(r.out.contains("PostgreSQL"));
    }

    void daemonDefaults() {
        QTemporaryDir home;
        const Run r = app({"--check-config"}, {{"HOME", home.path()}});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("network         main"));
        QVERIFY(r.out.contains("port            8000"));
        QVERIFY(r.out.contains("host            127.0.0.1"));
        QVERIFY(r.out.contains("SQLite"));
        QVERIFY(r.out.contains("public url      http://127.0.0.1:8000\n"));
        // Bound to every interface, it names this machine for peers until PUBLIC_URL says more.
        const Run everywhere =
            app({"--check-config", "--host", "0.0.0.0", "--port", "8005"}, {{"HOME", home.path()}});
        QVERIFY2(everywhere.out.contains("public url      http://127.0.0.1:8005\n"),
                 qPrintable(everywhere.out));
        const Run given =
            app({"--check-config", "--public-url", "http://node1:8000/"}, {{"HOME", home.path()}});
        QVERIFY(given.out.contains("public url      http://node1:8000\n"));
        // The platform's app-data location; regtest keeps its own beside main's.
        QVERIFY2(r.out.contains("datadir         " + home.path() + "/.local/share/MiniBitcoin\n"),
                 qPrintable(r.out));
        const Run regtest =
            app({"--check-config", "--network", "regtest"}, {{"HOME", home.path()}});
        QVERIFY(regtest.out.contains("datadir         " + home.path() +
                                     "/.local/share/MiniBitcoin/regtest\n"));
    }

    // Flags beat the environment, which beats .env in the working directory, which beats the
    // defaults.
    void settingsPrecedence() {
        QTemporaryDir dir;
        QFile dotEnv(dir.filePath(".env"));
        QVERIFY(dotEnv.open(QIODevice::WriteOnly));
        dotEnv.write(
            "# a MiniBitcoinPy .env\nNODE_PORT=8001\nNODE_NAME=from-dotenv\n"
            "LOG_LEVEL=INFO\nexport MAX_BLOCK_TXS=7\n"
            "DEFAULT_TARGET=0x00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"
            "BLOCK_REWARD=1234\nBOOTSTRAP_PEERS=\"http://a:1, http://b:2\"\n");
        dotEnv.close();
        QVERIFY(dotEnv.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QMap<QString, QString> env{{"NODE_PORT", "8002"},       {"NODE_NAME", "from-env"},
                                         {"MAX_PEERS", "3"},          {"SYNC_INTERVAL", "9"},
                                         {"SIDE_BRANCH_MARGIN", "2"}, {"ORPHAN_BLOCKS", "5"},
                                         {"ORPHAN_BYTES", "70000"},   {"REORG_TX_BYTES", "9000"}};
        const Run r = app({"--check-config", "--port", "8003"}, env, dir.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("port            8003\n"), qPrintable(r.out));
        QVERIFY(r.out.contains("node name       from-env\n"));
        QVERIFY(r.out.contains("max block txs   7\n"));
        QVERIFY(r.out.contains("log level       info\n"));
        QVERIFY(r.out.contains("block reward    1234\n"));
        QVERIFY(r.out.contains(
            "target          0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n"));
        QVERIFY(r.out.contains("bootstrap       http://a:1,http://b:2\n"));
        QVERIFY(r.out.contains("max peers       3\n"));
        QVERIFY(r.out.contains("sync interval   9 s\n"));
        QVERIFY(r.out.contains("side branches   within 2 blocks of work of the tip\n"));
        QVERIFY(r.out.contains("orphan blocks   5\n"));
        QVERIFY(r.out.contains("orphan bytes    70000 bytes\n"));
        QVERIFY(r.out.contains("reorg txs       9000 bytes\n"));
        const Run envOnly = app({"--check-config"}, env, dir.path());
        QVERIFY(envOnly.out.contains("port            8002\n"));
        const Run dotEnvOnly = app({"--check-config"}, {}, dir.path());
        QVERIFY(dotEnvOnly.out.contains("port            8001\n"));
        QVERIFY(dotEnvOnly.out.contains("node name       from-dotenv\n"));
        // Which settings the .env gave, and where it is.
        QVERIFY2(r.out.contains(".env            " + dotEnv.fileName() +
                                ": LOG_LEVEL, DEFAULT_TARGET, BLOCK_REWARD, "
                                "MAX_BLOCK_TXS, BOOTSTRAP_PEERS\n"),
                 qPrintable(r.out));
        QVERIFY2(dotEnvOnly.out.contains(".env            " + dotEnv.fileName() + ": NODE_PORT, "),
                 qPrintable(dotEnvOnly.out));
        QVERIFY2(!envOnly.out.contains("NODE_PORT, NODE_NAME"), qPrintable(envOnly.out));

        // Settings that decide who can reach the node, or where its wallet is, and that
        // MiniBitcoinPy's .env did not have, are not taken from one.
        for (const char* line :
             {"DATA_DIR=/tmp/theirs\n", "ALLOWED_ORIGINS=http://127.0.0.2:80\n"}) {
            QVERIFY(dotEnv.open(QIODevice::WriteOnly | QIODevice::Truncate));
            dotEnv.write(line);
            dotEnv.close();
            const Run refused = app({"--check-config"}, {}, dir.path());
            QCOMPARE(refused.exitCode, 2);
            const QString name = QString(line).section('=', 0, 0);
            QVERIFY2(refused.err.contains(name + " (.env): not taken from a .env file, which may "
                                                 "have come with a directory someone else "
                                                 "prepared"),
                     qPrintable(refused.err));
        }

        // Not through a link (in a directory others can write, theirs could name any file of
        // yours), not a FIFO (no hang), not larger than a settings file can be.
        QTemporaryDir odd;
        QVERIFY(QFile::link(dotEnv.fileName(), odd.filePath(".env")));
        const Run linked = app({"--check-config"}, {}, odd.path());
        QCOMPARE(linked.exitCode, 2);
        QVERIFY2(linked.err.contains(odd.filePath(".env") + " is a link, so its settings are not "
                                                            "read"),
                 qPrintable(linked.err));
        QVERIFY(QFile::remove(odd.filePath(".env")));
        QCOMPARE(::mkfifo(QFile::encodeName(odd.filePath(".env")).constData(), 0600), 0);
        const Run fifo = app({"--check-config"}, {}, odd.path());
        QCOMPARE(fifo.exitCode, 2);
        QVERIFY2(fifo.err.contains(odd.filePath(".env") + " is not a regular file"),
                 qPrintable(fifo.err));
        QVERIFY(QFile::remove(odd.filePath(".env")));
        QFile huge(odd.filePath(".env"));
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.write(QByteArray(1'000'001, '#')) == 1'000'001);
        huge.close();
        QVERIFY(huge.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run large = app({"--check-config"}, {}, odd.path());
        QCOMPARE(large.exitCode, 2);
        QVERIFY2(large.err.contains("is larger than 1000000 bytes"), qPrintable(large.err));

        // A .env other users can change is theirs as much as yours: not read.
        QVERIFY(dotEnv.setPermissions(QFileDevice::Permissions(0x6666)));
        const Run shared = app({"--check-config"}, {}, dir.path());
        QCOMPARE(shared.exitCode, 2);
        QVERIFY2(shared.err.contains(dotEnv.fileName() +
                                     " can be changed by other users (mode 0666), so its settings "
                                     "are not read: run chmod go-w " +
                                     dotEnv.fileName()),
                 qPrintable(shared.err));
    }

    void badSettingsNameTheirSource_data() {
        QTest::addColumn<QString>("dotEnv");
        QTest::addColumn<QString>("envName");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("message");
        QTest::newRow("env port") << ""
                                  << "NODE_PORT"
                                  << "abc"
                                  << "NODE_PORT (environment): 'abc' is not a port number";
        QTest::newRow(".env target") << "DEFAULT_TARGET=0xzz\n"
                                     << ""
                                     << ""
                                     << "DEFAULT_TARGET (.env): '0xzz' is not a target";
        QTest::newRow(".env syntax") << "NODE_PORT=1\nthis is not a setting\n"
                                     << ""
                                     << ""
                                     << ".env line 2: expected KEY=VALUE";
        QTest::newRow("env orphan bytes")
            << ""
            << "ORPHAN_BYTES"
            << "-1"
            << "ORPHAN_BYTES (environment): '-1' is not a number of bytes";
        QTest::newRow("env reward") << ""
                                    << "BLOCK_REWARD"
                                    << "-5"
                                    << "BLOCK_REWARD (environment): '-5' is not an amount";
        QTest::newRow("env peers")
            << ""
            << "BOOTSTRAP_PEERS"
            << "node1:8000"
            << "BOOTSTRAP_PEERS (environment): 'node1:8000' is not a peer URL";
        QTest::newRow("env public url")
            << ""
            << "PUBLIC_URL"
            << "node1:8000"
            << "PUBLIC_URL (environment): 'node1:8000' is not the URL peers reach this node at";
        QTest::newRow("env log level") << ""
                                       << "LOG_LEVEL"
                                       << "loud"
                                       << "LOG_LEVEL (environment): 'loud' is not a log level";
        QTest::newRow("env database") << ""
                                      << "DATABASE_URL"
                                      << "postgresql://host:notaport/db"
                                      << "DATABASE_URL (environment): ";
    }
    void badSettingsNameTheirSource() {
        QFETCH(QString, dotEnv);
        QFETCH(QString, envName);
        QFETCH(QString, envValue);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile f(dir.filePath(".env"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(dotEnv.toUtf8());
        f.close();
        QMap<QString, QString> env;
        if (!envName.isEmpty())
            env.insert(envName, envValue);
        const Run r = app({"--daemon"}, env, dir.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("minibitcoin: " + message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    // A database URL the node cannot read is quoted without its password (stderr may go to a
    // journal, the app shows it in a dialog).
    void anInvalidDatabaseUrlIsQuotedWithoutItsPassword() {
        const Run r =
            app({"--daemon", "--database-url", "postgresql://u:s3cret pass@127.0.0.1/db"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("'postgresql://u:***@127.0.0.1/db' is not a valid URL"),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains("s3cret"), qPrintable(r.err));
    }

    // A password on the command line is there for every user's ps: the app says so (the
    // environment and .env are the user's own).
    void aDatabasePasswordOnTheCommandLineIsWarnedOf() {
        QTemporaryDir home;
        const QMap<QString, QString> env{{"HOME", home.path()}};
        const Run flag = app(
            {"--check-config", "--database-url", "postgresql://u:s3cret@127.0.0.1:5432/db"}, env);
        QCOMPARE(flag.exitCode, 0);
        QVERIFY2(flag.err.contains("warning: --database-url puts the database password where "
                                   "every user of this machine can see it (ps)"),
                 qPrintable(flag.err));
        QVERIFY2(!flag.out.contains("s3cret"), qPrintable(flag.out));
        const Run noPassword =
            app({"--check-config", "--database-url", "postgresql://u@127.0.0.1:5432/db"}, env);
        QCOMPARE(noPassword.exitCode, 0);
        QVERIFY2(!noPassword.err.contains("warning"), qPrintable(noPassword.err));
        const Run fromEnvironment =
            app({"--check-config"},
                {{"HOME", home.path()}, {"DATABASE_URL", "postgresql://u:s3cret@127.0.0.1/db"}});
        QCOMPARE(fromEnvironment.exitCode, 0);
        QVERIFY2(!fromEnvironment.err.contains("warning"), qPrintable(fromEnvironment.err));
    }

    void daemonRefusesBadValues_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("flag");
        QTest::newRow("port zero") << QStringList{"--port", "0"} << "--port: '0'";
        QTest::newRow("port too big") << QStringList{"--port", "65536"} << "--port: '65536'";
        QTest::newRow("port text") << QStringList{"--port", "http"} << "--port: 'http'";
        QTest::newRow("network") << QStringList{"--network", "testnet"}
                                 << "--network: unknown network 'testnet'";
        QTest::newRow("threads") << QStringList{"--mining-threads", "0"} << "--mining-threads";
        QTest::newRow("database") << QStringList{"--database-url", "mysql://x"}
                                  << "--database-url: 'mysql' is not a PostgreSQL URL";
        QTest::newRow("host") << QStringList{"--host", "not an ip"} << "--host: 'not an ip'";
        QTest::newRow("missing value") << QStringList{"--port"} << "Missing value after '--port'";
        QTest::newRow("unknown flag") << QStringList{"--colour"} << "Unknown option 'colour'";
    }
    void daemonRefusesBadValues() {
        QFETCH(QStringList, args);
        QFETCH(QString, flag);
        const Run r = app(QStringList{"--daemon"} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(flag), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
