#pragma once

#include <QString>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

namespace mbc::store {

// Which file a path names (device and inode): a file renamed over another is another.
struct FileIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    friend bool operator==(const FileIdentity&, const FileIdentity&) = default;
    // Of the file at `path` now; nothing if there is none.
    static std::optional<FileIdentity> of(const QString& path);
};

// Copies an SQLite database's write-ahead log into the database file on a thread of its own,
// with a connection of its own, so that the writer does not wait for it.
//
// A checkpoint writes the pages the log holds to their places in the file and waits for the
// disk twice (fsync). SQLite makes it on the committing thread, and the node's thread then
// stopped for about 90 ms more on one block in nine when blocks came one after another. Here
// that happens while the node goes on.
//
// The log only starts over from its beginning when the writer begins a write with every frame
// already copied, which a writer that never pauses never does: Database's wal hook (which
// decides when to wake this thread) therefore has the writer copy the last commit's pages
// itself once the log has grown past a limit and this thread has caught up.
class WalCheckpointer {
public:
    // `path`: the database file, which a connection of the caller's holds open in WAL mode, and
    // which must still be the file `identity` names: one put in its place is not written to.
    // Connects on its thread, through Qt's SQLite driver as the caller's connection does (so
    // that both use one SQLite, whose locks they share); a failure is logged, and then
    // broken() is true.
    WalCheckpointer(QString path, FileIdentity identity);
    // Waits for a checkpoint under way (the caller's connection, when it closes, copies what
    // is left), then closes this thread's connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // A commit left frames in the log: copy them (if this thread is copying, again after).
    void wake();
    // Returns once no checkpoint is asked for or under way (or it is broken).
    void waitUntilIdle();
    // Not asked to copy, nor copying, now.
    bool idle() const;
    // Checkpoints this thread has completed (each copying all the frames no reader needed;
    // not those another checkpoint under way kept busy).
    std::uint64_t completed() const;
    // It could not connect, or the file is no longer the one it was given: it copies nothing.
    bool broken() const;

private:
    void run();
    // One checkpoint; false, with what went wrong, if it failed. `copied`: it was not kept
    // from copying by another one under way (busy, which is not a failure).
    bool checkpoint(const QString& connection, bool* copied, QString* why);

    QString path_;
    FileIdentity identity_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool broken_ = false;
    bool wanted_ = false;
    bool busy_ = false;
    bool stopping_ = false;
    std::uint64_t completed_ = 0;
    std::thread thread_; // last: starts once the rest is ready
};

} // namespace mbc::store
