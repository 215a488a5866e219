// Database: when SQLite's write-ahead log is copied into the database file, and by whom (the
// hook Database::open installs, and the WalCheckpointer it starts).
#include "store/database.h"

#include "store/wal_checkpointer.h"

#include <QLoggingCategory>

#include <sqlite3.h>

#include <system_error>

namespace mbc::store {
namespace {

Q_LOGGING_CATEGORY(lcStoreSetup, "mbc.store")

} // namespace

int Database::walCommitted(void* self, sqlite3* connection, const char* schema,
                           int pages) noexcept {
    // Nothing may unwind through SQLite; the commit has been made whatever happens here.
    try {
        static_cast<Database*>(self)->checkpointAfterCommit(connection, schema, pages);
    } catch (const std::exception& e) {
        qCWarning(lcStoreSetup) << "after a commit, copying the log into the database failed:"
                                << e.what();
    } catch (...) {
        qCWarning(lcStoreSetup) << "after a commit, copying the log into the database failed";
    }
    return SQLITE_OK;
}

void Database::checkpointAfterCommit(sqlite3* connection, const char* schema, int pages) {
    const WalCheckpointPages& at = walCheckpointPages_;
    if (pages < walPagesAtWake_) { // the log started over
        walPagesAtWake_ = 0;
        catchingUp_ = false;
    }
    // Without a thread of its own, the node copies the log as SQLite's own hook would.
    if (!sqliteFileIdentity_ || noCheckpointThread_ || (checkpointer_ && checkpointer_->broken())) {
        if (pages >= at.background)
            copyLogOnThisThread(connection, schema);
        return;
    }
    if (pages >= at.restart) {
        // The log starts over at the next write only if every frame has been copied by then
        // (and no reader holds an older state of it: then this comes again at the next
        // commit, as with SQLite's own hook). A writer that never pauses must copy the last
        // frames itself: the thread is asked once to catch up first, and once it has (it is
        // idle at a commit), only the commits' since are left. At twice the limit the writer
        // waits for it.
        if (checkpointer_ && pages < 2 * at.restart) {
            if (!catchingUp_) {
                catchingUp_ = true;
                checkpointer_->wake();
                walPagesAtWake_ = pages;
                return;
            }
            if (!checkpointer_->idle())
                return; // (woken again, it might never be found idle)
        }
        if (checkpointer_)
            checkpointer_->waitUntilIdle();
        copyLogOnThisThread(connection, schema);
        catchingUp_ = false;
        walPagesAtWake_ = 0;
        return;
    }
    // Woken once per `background` pages, so that a page that several commits change in that
    // time is copied once.
    if (pages - walPagesAtWake_ < at.background)
        return;
    if (!checkpointer_) {
        try {
            checkpointer_ = std::make_unique<WalCheckpointer>(sqliteFile_, *sqliteFileIdentity_);
        } catch (const std::system_error& e) {
            qCWarning(lcStoreSetup) << "cannot start the thread that copies the log into the "
                                       "database; the node copies it itself:"
                                    << e.what();
            noCheckpointThread_ = true;
            return;
        }
    }
    checkpointer_->wake();
    walPagesAtWake_ = pages;
}

void Database::copyLogOnThisThread(sqlite3* connection, const char* schema) {
    const int rc =
        sqlite3_wal_checkpoint_v2(connection, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    // (BUSY: another checkpoint is under way; LOCKED: a statement of this connection still
    // reads. SQLite's own hook let both pass too.)
    const bool failed = rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED;
    if (failed && !checkpointFailing_)
        qCWarning(lcStoreSetup).noquote()
            << QStringLiteral("copying the log of %1 into it failed (%2); the next commit will "
                              "meet the trouble too")
                   .arg(location_.describe(), QString::fromUtf8(sqlite3_errstr(rc)));
    checkpointFailing_ = failed;
}

std::uint64_t Database::backgroundCheckpointsWhenIdle() {
    if (!checkpointer_)
        return 0;
    checkpointer_->waitUntilIdle();
    return checkpointer_->completed();
}

} // namespace mbc::store
