// The settings table (node/node_settings.h) is the one place a setting is declared: every
// entry is complete and unique, loadNodeConfig reads each one from every source, and README's
// table is the table.
#include <QTest>

#include "node/node_config.h"
#include "node/node_settings.h"

#include <QFile>
#include <QSet>

using namespace mbc;
using namespace mbc::node;

class TestNodeSettings : public QObject {
    Q_OBJECT
private slots:
    // A peer is named by a host and a port (BOOTSTRAP_PEERS, POST /peers, X-Peer-Url, peers
    // lists): a text longer than any host name is no peer, and is refused before it is parsed.
    void aPeerUrlIsNoLongerThanAHostName() {
        const QString label(63, 'a');
        const QString host = label + "." + label + "." + label + ".invalid"; // 199 characters
        QCOMPARE(normalizePeerUrl("http://" + host + ":8000/"),
                 std::optional<QString>("http://" + host + ":8000"));
        QString longest = "http://" + host + ":8000";
        while (longest.size() < kMaxPeerUrlLength)
            longest.insert(
                7,
                label.left(std::min<qsizetype>(63, kMaxPeerUrlLength - longest.size() - 1)) + ".");
        QCOMPARE(longest.size(), kMaxPeerUrlLength);
        QVERIFY(normalizePeerUrl(longest));
        QVERIFY(!normalizePeerUrl(longest + "/")); // past the bound by its slash
    }

    void everySettingIsDeclaredOnce() {
        QSet<QString> envs, flags, keys, labels;
        for (const Setting& s : nodeSettings()) {
            QVERIFY2(!s.env.isEmpty() && !s.help.isEmpty() && !s.defaultText.isEmpty() &&
                         !s.label.isEmpty() && s.read && s.show,
                     qPrintable(s.env));
            QVERIFY2(!envs.contains(s.env), qPrintable(s.env));
            envs.insert(s.env);
            QVERIFY2(!labels.contains(s.label), qPrintable(s.label));
            labels.insert(s.label);
            if (!s.flag.isEmpty()) {
                QVERIFY2(!flags.contains(s.flag) && !s.valueName.isEmpty(), qPrintable(s.flag));
                flags.insert(s.flag);
            }
            if (!s.settingsKey.isEmpty()) {
                QVERIFY2(!keys.contains(s.settingsKey), qPrintable(s.settingsKey));
                keys.insert(s.settingsKey);
            }
            if (s.kind == Setting::Kind::Integer)
                QVERIFY2(s.min <= s.max, qPrintable(s.env));
            if (s.kind == Setting::Kind::Choice || s.kind == Setting::Kind::Flag)
                QVERIFY2(!s.choices.isEmpty(), qPrintable(s.env));
            QCOMPARE(findSetting(s.env), &s);
        }
        const QStringList names = configEnvironmentNames();
        QCOMPARE(QSet<QString>(names.begin(), names.end()), envs);
    }

    // Each setting reaches the configuration from a flag (where it has one) and from the
    // environment, and --check-config then shows something else than the default.
    void loadNodeConfigReadsEachSetting() {
        const auto defaults = loadNodeConfig({});
        QVERIFY(std::holds_alternative<NodeConfig>(defaults));
        const QString shownByDefault = describeNodeConfig(std::get<NodeConfig>(defaults));
        for (const Setting& s : nodeSettings()) {
            const QString value = sampleValue(s);
            ConfigSources fromEnv;
            fromEnv.environment.insert(s.env, value);
            const auto c = loadNodeConfig(fromEnv);
            if (const auto* e = std::get_if<ConfigError>(&c))
                QFAIL(qPrintable(s.env + ": " + e->message));
            QVERIFY2(describeNodeConfig(std::get<NodeConfig>(c)) != shownByDefault,
                     qPrintable(s.env + " = " + value + " changed nothing"));
            if (!s.flag.isEmpty()) {
                ConfigSources fromFlag;
                fromFlag.flags.insert(s.flag, value);
                fromFlag.environment.insert(s.env, "this is not a good value at all");
                const auto f = loadNodeConfig(fromFlag); // the flag wins
                QVERIFY2(std::holds_alternative<NodeConfig>(f), qPrintable(s.flag));
            }
            // A value of the wrong shape is refused with the setting's name (free text aside).
            ConfigSources bad;
            bad.environment.insert(s.env, "\x01 nonsense \x01");
            const auto refused = loadNodeConfig(bad);
            if (s.env != "DATA_DIR")
                QVERIFY2(std::holds_alternative<ConfigError>(refused) &&
                             std::get<ConfigError>(refused).message.startsWith(s.env),
                         qPrintable(s.env));
        }
    }

    // README's settings table is this one, row for row (run the failing test to see the rows
    // to paste).
    void readmeListsTheTable() {
        QFile readme(QStringLiteral(MBC_SOURCE_DIR) + "/README.md");
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(readme.readAll());
        const QString rows = settingsMarkdownRows();
        QVERIFY2(text.contains(rows), qPrintable("README.md's settings table should be:\n" + rows));
    }

private:
    // A valid value other than the default.
    static QString sampleValue(const Setting& s) {
        static const QMap<QString, QString> text{
            {"NETWORK", "regtest"},
            {"DATA_DIR", "/tmp/mbc-settings-test"},
            {"NODE_HOST", "0.0.0.0"},
            {"DATABASE_URL", "postgresql://u@127.0.0.1:5432/db"},
            {"NODE_NAME", "node-7"},
            {"LOG_LEVEL", "debug"},
            {"MINING_KERNEL", "portable"}, // every CPU runs it
            {"DEFAULT_TARGET", "0x00ffff"},
            {"PUBLIC_URL", "http://127.0.0.2:9000"},
            {"BOOTSTRAP_PEERS", "http://127.0.0.3:8001"},
            {"API_TOKEN", "0123456789abcdef0123"},
            {"ALLOWED_ORIGINS", "http://127.0.0.1:3000"},
            {"ALLOW_PRIVATE_PEERS", "true"},
            {"TRUST_LOOPBACK", "false"},
            {"BLOCK_REWARD", "1234"},
        };
        if (text.contains(s.env))
            return text.value(s.env);
        return QString::number(s.max); // no default is the largest value allowed
    }
};

QTEST_APPLESS_MAIN(TestNodeSettings)
#include "tst_node_settings.moc"
