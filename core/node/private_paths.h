#pragma once

#include <QString>

#include <optional>
#include <stdexcept>

namespace mbc::node {

// What the node reads its settings and secrets from must be its user's own: another user who
// can change the data directory (or a directory above it) could swap the wallet, the token or
// the store, or plant links the node then writes through; one who can change a .env could open
// the node to the network. ssh refuses such files the same way. Each check returns why the path
// cannot be trusted, naming it, or nothing when it is fine.
//
// "Others can change it" means: owned by someone else (root excepted for the directories above
// and a .env), or writable by its group or by everyone. A group-writable one is accepted when
// the group is the user's own private group (umask 002 systems give every user one).

// Thrown where a path the node is about to read fails its check: what() says why.
struct NotPrivate : std::runtime_error {
    NotPrivate(const QString& why, const QString& path)
        : std::runtime_error(why.toStdString())
        , path(path) {}
    QString path;
};

// The data directory: it, and each directory above it, only the user's to change; a sticky
// directory above it (/tmp) is fine. It must be given resolved (resolvedDirectory): a path
// through a link could be pointed elsewhere after the check. A missing one is checked by the
// directories above it (it is made 0700).
std::optional<QString> whyDirectoryIsNotPrivate(const QString& path);

// `path` as an absolute path without links, as far as it exists (the rest as given).
QString resolvedDirectory(const QString& path);

// A settings file, opened without following links: a regular file, the user's or root's, that
// no one else can change.
std::optional<QString> whySettingsFileIsNotPrivate(int fd, const QString& path);

// A secret (the admin token), opened without following links: a regular file, the user's, that
// no one else can read; if not, why, then `remedy`. One readable by others is narrowed to 0600
// if it can be (`narrowed` is then set); where the file system keeps no modes (vfat, NTFS), the
// message says so, and what to do instead.
std::optional<QString> whySecretFileIsNotPrivate(int fd, const QString& path, bool* narrowed,
                                                 const QString& remedy);

} // namespace mbc::node
