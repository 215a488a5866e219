#include "store/sqlite_setup.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace mbc::store {
namespace {

// A sync commits a batch of blocks, each in a savepoint of its own. To undo one block (or one
// statement) alone, SQLite journals the old content of the pages it changes: in memory up to a
// size, then in a temporary file, which by default (64 kB) took most of what a sync wrote (at
// 100 k txs, 7 of each 10 MB). A journal now stays in memory up to 16 MiB (a 1,000-tx block's is
// about 8 MB at 1 M txs); a bigger one still goes to a file (and so does the rest of its batch's),
// so no block can make it take more memory. SQLite takes the whole 16 MiB as one allocation,
// which glibc then reuses from block to block; at 32 MiB and above it maps and unmaps it for
// each block instead, and a sync's staging took twice as long.
constexpr int kJournalInMemoryBytes = 16 * 1024 * 1024;

// SQLite (3.40, Debian 12's) moves a journal that outgrows memory to its file with one write
// per in-memory chunk, as big as the spill size, and its Unix file layer writes at most 17 bits'
// worth at a time (it masks the length: it never expects a write bigger than a page). So a
// journal past the spill size fails as if the disk were full, every time it is tried. The files
// such journals move to (a savepoint's sub-journal; a temporary database's journal) are
// therefore opened through a layer of our own that hands the Unix one pieces of 64 kB. Every
// other file is SQLite's own, untouched.
constexpr int kMostBytesPerWrite = 64 * 1024;

// SQLite takes a savepoint's in-memory journal as one chunk of the spill size at its first
// write, once per synced block, and frees it at the block's end. glibc hands the same memory
// back each time (at 16 MiB); AddressSanitizer maps a fresh chunk and poisons 2 MiB of shadow
// for it at each malloc and free, which made a sanitized node's sync about four times slower
// than a Release one's (27 ms per block in a model of it, against 0.03). So the last chunk of
// 1 MiB or more that SQLite frees (such journals, mostly) is kept for its next allocation of
// about that size, as glibc does, in every build.
constexpr int kLargeAllocationBytes = 1024 * 1024;
sqlite3_mem_methods systemAllocator; // what SQLite would use otherwise
std::atomic<void*> spareChunk{nullptr};
std::atomic<std::uint64_t> largeTaken{0}, largeFromSystem{0};

void* allocate(int bytes) {
    if (bytes < kLargeAllocationBytes)
        return systemAllocator.xMalloc(bytes);
    ++largeTaken;
    if (void* spare = spareChunk.exchange(nullptr)) {
        // (Not one far bigger, such as a sort's buffer grown by realloc: that memory goes.)
        if (const int size = systemAllocator.xSize(spare); size >= bytes && size / 2 <= bytes)
            return spare;
        systemAllocator.xFree(spare);
    }
    ++largeFromSystem;
    return systemAllocator.xMalloc(bytes);
}

void release(void* chunk) { // (SQLite never frees a null pointer through its allocator)
    if (systemAllocator.xSize(chunk) >= kLargeAllocationBytes)
        chunk = spareChunk.exchange(chunk); // the one kept before goes instead
    if (chunk)
        systemAllocator.xFree(chunk);
}

bool keepASpareLargeChunk() {
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &systemAllocator) != SQLITE_OK)
        return false;
    sqlite3_mem_methods withSpare = systemAllocator;
    withSpare.xMalloc = allocate;
    withSpare.xFree = release;
    return sqlite3_config(SQLITE_CONFIG_MALLOC, &withSpare) == SQLITE_OK;
}

sqlite3_vfs* unixVfs = nullptr; // the default SQLite found, which does the work
sqlite3_vfs splittingVfs;       // a copy of it, but for its name, file size and xOpen
int realFileBytes = 0;          // where our pointer to the file's own methods lives

const sqlite3_io_methods*& realMethods(sqlite3_file* file) {
    return *reinterpret_cast<const sqlite3_io_methods**>(reinterpret_cast<char*>(file) +
                                                         realFileBytes);
}

int splitWrite(sqlite3_file* file, const void* data, int bytes, sqlite3_int64 offset) {
    const auto* from = static_cast<const char*>(data);
    while (bytes > 0) {
        const int piece = std::min(bytes, kMostBytesPerWrite);
        if (const int rc = realMethods(file)->xWrite(file, from, piece, offset); rc != SQLITE_OK)
            return rc;
        from += piece;
        offset += piece;
        bytes -= piece;
    }
    return SQLITE_OK;
}

// A sub-journal is a temporary file of this connection alone: no locks, no shared memory, no
// mapping (version 1 of the methods says so to SQLite); the rest is passed on.
const sqlite3_io_methods splittingMethods = {
    1,
    [](sqlite3_file* f) { return realMethods(f)->xClose(f); },
    [](sqlite3_file* f, void* out, int n, sqlite3_int64 at) {
        return realMethods(f)->xRead(f, out, n, at);
    },
    splitWrite,
    [](sqlite3_file* f, sqlite3_int64 size) { return realMethods(f)->xTruncate(f, size); },
    [](sqlite3_file* f, int flags) { return realMethods(f)->xSync(f, flags); },
    [](sqlite3_file* f, sqlite3_int64* size) { return realMethods(f)->xFileSize(f, size); },
    [](sqlite3_file* f, int level) { return realMethods(f)->xLock(f, level); },
    [](sqlite3_file* f, int level) { return realMethods(f)->xUnlock(f, level); },
    [](sqlite3_file* f, int* out) { return realMethods(f)->xCheckReservedLock(f, out); },
    [](sqlite3_file* f, int op, void* arg) { return realMethods(f)->xFileControl(f, op, arg); },
    [](sqlite3_file* f) { return realMethods(f)->xSectorSize(f); },
    [](sqlite3_file* f) { return realMethods(f)->xDeviceCharacteristics(f); },
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr};

int openSplitting(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
    const int rc = unixVfs->xOpen(unixVfs, name, file, flags, outFlags);
    if (rc == SQLITE_OK && file->pMethods &&
        (flags & (SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_TEMP_JOURNAL))) {
        realMethods(file) = file->pMethods;
        file->pMethods = &splittingMethods;
    }
    return rc;
}

bool registerSplittingVfs() {
    if (sqlite3_initialize() != SQLITE_OK)
        return false;
    unixVfs = sqlite3_vfs_find(nullptr);
    if (!unixVfs)
        return false;
    constexpr int align = int(alignof(const sqlite3_io_methods*));
    realFileBytes = (unixVfs->szOsFile + align - 1) / align * align;
    splittingVfs = *unixVfs;
    splittingVfs.pNext = nullptr;
    splittingVfs.zName = "mbc-split-journal-writes";
    splittingVfs.szOsFile = realFileBytes + int(sizeof(const sqlite3_io_methods*));
    splittingVfs.xOpen = openSplitting;
    return sqlite3_vfs_register(&splittingVfs, 1) == SQLITE_OK;
}

SqliteSetup setUp() {
    if (sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kJournalInMemoryBytes) != SQLITE_OK)
        return SqliteSetup::AlreadyInUse;
    // SQLite counts every allocation it makes under a process-wide mutex, for statistics and a
    // heap limit the node uses neither: a model of a 1,000-tx block's inserts and spends took
    // 14.2 ms with the count, 12.6 without.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    keepASpareLargeChunk(); // (if SQLite refuses, it allocates as before)
    if (registerSplittingVfs())
        return SqliteSetup::Done;
    // A journal moved to its file would fail: back to SQLite's own 64 kB. (Nothing can have
    // used SQLite yet: it took the setting.)
    sqlite3_shutdown();
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 64 * 1024);
    return SqliteSetup::NoFileLayer;
}

} // namespace

SqliteSetup setUpSqliteOnce() {
    static const SqliteSetup done = setUp();
    return done;
}

SqliteLargeAllocations sqliteLargeAllocations() {
    return {largeTaken.load(), largeFromSystem.load()};
}

} // namespace mbc::store
