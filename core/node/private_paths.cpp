#include "node/private_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

namespace mbc::node {
namespace {

QString modeText(const struct stat& status) {
    return QStringLiteral("0%1").arg(status.st_mode & 07777, 3, 8, QLatin1Char('0'));
}

// The user's private group (umask 002 systems give each user one): the user's primary group,
// named as the user, that no other account has as its primary group or lists as a member.
// Worked out once (the account databases are read with functions that are not thread-safe).
std::optional<gid_t> privateGroupOfThisUser() {
    const struct passwd* user = ::getpwuid(::geteuid());
    if (!user)
        return std::nullopt;
    const QByteArray name = user->pw_name;
    const gid_t gid = user->pw_gid;
    const struct group* group = ::getgrgid(gid);
    if (!group || name != group->gr_name || (group->gr_mem && group->gr_mem[0]))
        return std::nullopt;
    bool shared = false;
    ::setpwent();
    while (const struct passwd* other = ::getpwent())
        shared = shared || (other->pw_gid == gid && name != other->pw_name);
    ::endpwent();
    return shared ? std::nullopt : std::optional<gid_t>(gid);
}

bool othersCanWrite(const struct stat& status) {
    static const std::optional<gid_t> ownGroup = privateGroupOfThisUser();
    return (status.st_mode & S_IWOTH) != 0 ||
           ((status.st_mode & S_IWGRP) != 0 && status.st_gid != ownGroup);
}

QString ownerText(const struct stat& status) {
    return QStringLiteral("belongs to another user (uid %1), not to you (uid %2)")
        .arg(status.st_uid)
        .arg(::geteuid());
}

// The directories from `dir` up to /: each root's or the user's, and not changeable by others
// unless sticky (there only an entry's owner may rename it).
std::optional<QString> whyAboveIsNotPrivate(const QString& what, QString dir) {
    for (;; dir = QFileInfo(dir).path()) {
        struct stat up {};
        if (::stat(QFile::encodeName(dir).constData(), &up) != 0)
            return QStringLiteral("%1: cannot read the owner and mode of %2").arg(what, dir);
        if (up.st_uid != 0 && up.st_uid != ::geteuid())
            return QStringLiteral("%1 is inside %2, which %3: choose a directory of your own")
                .arg(what, dir, ownerText(up));
        if ((up.st_mode & S_ISVTX) == 0 && othersCanWrite(up))
            return QStringLiteral("%1 is inside %2, which other users can change (mode %3): "
                                  "run chmod go-w %2, or choose another directory")
                .arg(what, dir, modeText(up));
        if (dir == "/" || dir.isEmpty())
            return std::nullopt;
    }
}

} // namespace

QString resolvedDirectory(const QString& path) {
    // The longest part that exists, resolved; the rest appended as given.
    QString existing = QFileInfo(path).absoluteFilePath();
    QStringList rest;
    while (!QFileInfo::exists(existing) && existing != "/" && !existing.isEmpty()) {
        rest.prepend(QFileInfo(existing).fileName());
        existing = QFileInfo(existing).path();
    }
    const QString resolved = QFileInfo(existing).canonicalFilePath();
    if (resolved.isEmpty())
        return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return rest.isEmpty() ? resolved : QDir::cleanPath(resolved + "/" + rest.join('/'));
}

std::optional<QString> whyDirectoryIsNotPrivate(const QString& path) {
    if (path.isEmpty())
        return std::nullopt;
    const QString what = "the data directory " + path;
    const QString resolved = resolvedDirectory(path);
    if (resolved != QDir::cleanPath(QFileInfo(path).absoluteFilePath()))
        return QStringLiteral("%1 is reached through a link, which could be pointed elsewhere: "
                              "give the directory itself, %2")
            .arg(what, resolved);
    struct stat status {};
    if (::stat(QFile::encodeName(resolved).constData(), &status) != 0) {
        // Not made yet: where it will be.
        QString above = QFileInfo(resolved).path();
        while (!QFileInfo::exists(above) && above != "/")
            above = QFileInfo(above).path();
        return whyAboveIsNotPrivate(what, above);
    }
    if (!S_ISDIR(status.st_mode))
        return std::nullopt; // (makeDataDir says it cannot be made)
    if (status.st_uid != ::geteuid())
        return QStringLiteral("%1 %2: choose a directory of your own with --datadir")
            .arg(what, ownerText(status));
    if (othersCanWrite(status))
        return QStringLiteral("%1 can be changed by other users (mode %2): run chmod go-w %3")
            .arg(what, modeText(status), resolved);
    return whyAboveIsNotPrivate(what, QFileInfo(resolved).path());
}

std::optional<QString> whySettingsFileIsNotPrivate(int fd, const QString& path) {
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return QStringLiteral("%1: cannot read its owner and mode").arg(path);
    if (!S_ISREG(status.st_mode))
        return QStringLiteral("%1 is not a regular file").arg(path);
    if (status.st_uid != ::geteuid() && status.st_uid != 0)
        return QStringLiteral("%1 %2, so its settings are not read: remove it, or start from "
                              "another directory")
            .arg(path, ownerText(status));
    if (othersCanWrite(status))
        return QStringLiteral("%1 can be changed by other users (mode %2), so its settings are "
                              "not read: run chmod go-w %1")
            .arg(path, modeText(status));
    return std::nullopt;
}

std::optional<QString> whySecretFileIsNotPrivate(int fd, const QString& path, bool* narrowed,
                                                 const QString& remedy) {
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return QStringLiteral("%1: cannot read its owner and mode").arg(path);
    if (!S_ISREG(status.st_mode))
        return QStringLiteral("%1 is not a regular file: %2").arg(path, remedy);
    if (status.st_uid != ::geteuid())
        return QStringLiteral("%1 %2: %3").arg(path, ownerText(status), remedy);
    if ((status.st_mode & (S_IRWXG | S_IRWXO)) == 0)
        return std::nullopt;
    const QString was = modeText(status);
    if (::fchmod(fd, S_IRUSR | S_IWUSR) == 0 && ::fstat(fd, &status) == 0 &&
        (status.st_mode & (S_IRWXG | S_IRWXO)) == 0) {
        if (narrowed)
            *narrowed = true;
        return std::nullopt;
    }
    return QStringLiteral("%1 can be read by other users (mode %2), and its file system keeps "
                          "no file modes (vfat, NTFS): set API_TOKEN in the environment instead, "
                          "or mount it with umask=077")
        .arg(path, was);
}

} // namespace mbc::node
