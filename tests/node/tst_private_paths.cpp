// What the node trusts on disk must be its user's alone: the data directory (and every
// directory above it), the admin token and a .env. These are the checks themselves, on real
// directories; tst_daemon, tst_cli and tst_cli_token show each program refusing in one line.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "node/private_paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mbc::node;

namespace {

bool setMode(const QString& path, mode_t mode) {
    return ::chmod(QFile::encodeName(path).constData(), mode) == 0;
}

} // namespace

class TestPrivatePaths : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return QDir(canonical()).filePath(name); }
    QString canonical() const { return QFileInfo(dir_.path()).canonicalFilePath(); }

private slots:
    // Links resolved as far as the path exists; the rest kept as given, cleaned.
    void aDirectoryIsResolvedAsFarAsItExists() {
        QVERIFY(QDir().mkdir(path("real")));
        QVERIFY(QFile::link(path("real"), path("link")));
        QCOMPARE(resolvedDirectory(path("link")), path("real"));
        QCOMPARE(resolvedDirectory(path("link") + "/"), path("real"));
        QCOMPARE(resolvedDirectory(path("link/not/yet")), path("real/not/yet"));
        QCOMPARE(resolvedDirectory(path("real/./a/../b")), path("real/b"));
        QCOMPARE(resolvedDirectory("/"), QString("/"));
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(path("real")));
        QCOMPARE(resolvedDirectory("relative"), path("real/relative"));
        QVERIFY(QDir::setCurrent(before));
    }

    void aPrivateDirectoryPasses() {
        QVERIFY(QDir().mkdir(path("mine")));
        QVERIFY(setMode(path("mine"), 0700));
        QCOMPARE(whyDirectoryIsNotPrivate(path("mine")), std::nullopt);
        // Not made yet, in a directory only the user can change: fine (it is made 0700).
        QCOMPARE(whyDirectoryIsNotPrivate(path("mine/new/data")), std::nullopt);
        // Inside a sticky directory others can write (as /tmp): only an entry's owner can
        // rename it there.
        QVERIFY(QDir().mkdir(path("sticky")));
        QVERIFY(setMode(path("sticky"), 01777));
        QVERIFY(QDir().mkdir(path("sticky/data")));
        QVERIFY(setMode(path("sticky/data"), 0700));
        QCOMPARE(whyDirectoryIsNotPrivate(path("sticky/data")), std::nullopt);
    }

    void aDirectoryOthersCanChangeFails() {
        QVERIFY(QDir().mkdir(path("open")));
        QVERIFY(setMode(path("open"), 0777));
        const auto open = whyDirectoryIsNotPrivate(path("open"));
        QVERIFY(open && open->contains("can be changed by other users (mode 0777)"));
        // Not made yet, where others could make it first (or rename it away later).
        const auto notYet = whyDirectoryIsNotPrivate(path("open/new/data"));
        QVERIFY2(notYet && notYet->contains("is inside " + path("open") +
                                            ", which other users can change (mode 0777)"),
                 qPrintable(notYet.value_or("passed")));
        // Reached through a link (its owner could point it elsewhere after the check).
        QVERIFY(QDir().mkdir(path("target")));
        QVERIFY(QFile::link(path("target"), path("pointer")));
        const auto linked = whyDirectoryIsNotPrivate(path("pointer"));
        QVERIFY2(linked && linked->contains("is reached through a link") &&
                     linked->contains(path("target")),
                 qPrintable(linked.value_or("passed")));
    }

    // A token readable by others is narrowed (and said to be); a link or a FIFO is refused.
    void aSecretIsTheOwnersAlone() {
        QFile token(path("token"));
        QVERIFY(token.open(QIODevice::WriteOnly));
        QVERIFY(setMode(path("token"), 0644));
        bool narrowed = false;
        QCOMPARE(whySecretFileIsNotPrivate(token.handle(), path("token"), &narrowed, "fix it"),
                 std::nullopt);
        QVERIFY(narrowed);
        QCOMPARE(QFileInfo(path("token")).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QCOMPARE(::mkfifo(QFile::encodeName(path("fifo")).constData(), 0600), 0);
        const int fifo = ::open(QFile::encodeName(path("fifo")).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(fifo >= 0);
        QCOMPARE(whySecretFileIsNotPrivate(fifo, path("fifo"), nullptr, "fix it"),
                 path("fifo") + " is not a regular file: fix it");
        QCOMPARE(whySettingsFileIsNotPrivate(fifo, path("fifo")),
                 path("fifo") + " is not a regular file");
        ::close(fifo);
    }

    void aSettingsFileOthersCanChangeFails() {
        QFile env(path(".env"));
        QVERIFY(env.open(QIODevice::WriteOnly));
        QVERIFY(setMode(path(".env"), 0644));
        QCOMPARE(whySettingsFileIsNotPrivate(env.handle(), path(".env")), std::nullopt);
        QVERIFY(setMode(path(".env"), 0666));
        const auto why = whySettingsFileIsNotPrivate(env.handle(), path(".env"));
        QVERIFY(why && why->contains("can be changed by other users (mode 0666)"));
    }
};

QTEST_GUILESS_MAIN(TestPrivatePaths)
#include "tst_private_paths.moc"
