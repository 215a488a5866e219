// The wallet file as the app and minibitcoin-cli read and write it: the book comes back as
// written, except what an edit of the (unsealed) book could use against the user, and one
// process writes it at a time.
#include <QTest>

#include "node/wallet_file.h"
#include "support/test_chain.h"
#include "support/wallet_test_values.h"

#include <QFile>
#include <QTemporaryDir>

using namespace mbc;
using test::ok;

class TestWalletFile : public QObject {
    Q_OBJECT

private slots:
    // Someone who can edit wallet.json (or hands over a "backup") puts their own address in a
    // request: it is not read back, so the app never shows it as the user's.
    void aRequestOnSomeoneElsesAddressIsNotBelieved() {
        QTemporaryDir dir;
        const QString path = dir.filePath("wallet.json");
        wallet::Keystore keys = wallet::Keystore::create("p", wallet::KdfCost{1u << 10, 8, 1});
        const PubKeyHash mine = ok(keys.newKey("mine")).address;
        wallet::WalletBook book;
        book.requests.push_back({mine, 100, "mine", "", 1, false});
        book.requests.push_back({test::bobKey().address(), 100, "edited in", "", 2, false});
        book.setContact("Bob", test::bobKey().address());
        QCOMPARE(node::writeWalletFile(path, keys, book), QString());
        const auto read = node::readWalletFile(path);
        QVERIFY(std::holds_alternative<node::WalletFile>(read));
        const node::WalletFile& file = std::get<node::WalletFile>(read);
        QCOMPARE(file.book.requests.size(), std::size_t(1));
        QCOMPARE(file.book.requests[0].address, mine);
        QCOMPARE(file.book.contacts.size(), std::size_t(1)); // contacts are the user's to name
        QCOMPARE(file.keystore.keys().size(), std::size_t(1));
    }

    void aBookTooLargeOrMalformedIsRefusedByName() {
        QTemporaryDir dir;
        const QString path = dir.filePath("wallet.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        wallet::Keystore keys = wallet::Keystore::create("p", wallet::KdfCost{1u << 10, 8, 1});
        std::string text = keys.toJson();
        text.insert(text.rfind('}'), ", \"book\": {\"frozen\": 7}");
        f.write(QByteArray::fromStdString(text));
        f.close();
        const auto read = node::readWalletFile(path);
        QVERIFY(std::holds_alternative<node::WalletFileError>(read));
        QVERIFY2(std::get<node::WalletFileError>(read).message.contains("\"frozen\""),
                 qPrintable(std::get<node::WalletFileError>(read).message));
        const auto missing = node::readWalletFile(dir.filePath("none.json"));
        QVERIFY(std::get<node::WalletFileError>(missing).message.startsWith("cannot read"));
    }

    void oneWriterAtATime() {
        QTemporaryDir dir;
        const QString path = dir.filePath("wallet.json");
        auto first = node::lockWalletFile(path);
        QVERIFY(first);
        QVERIFY(!node::lockWalletFile(path));
        first.reset();
        QVERIFY(node::lockWalletFile(path));
    }
};

QTEST_GUILESS_MAIN(TestWalletFile)
#include "tst_wallet_file.moc"
