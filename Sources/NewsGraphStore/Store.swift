#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import NewsGraphModel

/// A store error with the file and what to do.
public struct StoreError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): error: \(message)" }
}

/// The embedded graph store: an SQLite file in WAL mode. Every article is added in its own
/// transaction, so an interrupted ingest leaves the store consistent and the next run
/// finishes the job without duplicates.
public final class GraphStore: @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    /// How much of the store an export maps into memory, as much as the page cache holds:
    /// the mapped pages a walk touches count in its resident memory, so a larger map would
    /// make an export of a large store look (not be) gigabytes large. Beyond it, pages are
    /// read. Queries touch few pages and do not map. A file truncated by another program
    /// during a mapped read ends the process (SIGBUS) instead of failing the read; NewsGraph
    /// never shrinks a store (it does not vacuum).
    public static let exportMapSize: Int64 = 64 << 20
    private var lockDescriptor: Int32 = -1

    /// Opens (and creates or migrates) the store at `path`. With `exclusive`, the writer lock
    /// (`<path>.lock`) is taken first, before the store is created or migrated, so a second
    /// writer fails fast and never touches the file.
    /// With `mapSize`, a read-only store maps that much of the file instead of reading it
    /// page by page (an export spent a tenth of its time in pread calls).
    public init(path: String, readOnly: Bool = false, exclusive: Bool = false, mapSize: Int64 = 0) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreError(path: path, message: "this is a folder, not a store file; give the store file with --db FILE")
        }
        let lock = exclusive && !readOnly ? try GraphStore.acquireLock(path) : -1
        lockDescriptor = lock
        func fail(_ error: StoreError) -> StoreError {
            if lock >= 0 { GraphStore.releaseLock(lock) }
            return error
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer touches index pages all over a large store (keys are hashes), and an
            // export's walk comes back to the same index pages for every node: with SQLite's
            // default 2 MB cache, both read the store back from the OS page by page.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            if readOnly && mapSize > 0 {
                try db.execute(sql: "PRAGMA mmap_size = \(mapSize)")
            }
        }
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw fail(StoreError(path: path, message: "no store here; create one with `newsgraph ingest <inputs> --db \(path)`"))
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw fail(StoreError(path: path, message: "this file is not a NewsGraph store (not an SQLite database); give the store file with --db FILE"))
        } catch {
            throw fail(StoreError(path: path, message: "cannot open the store: \(error); check the path and its permissions"))
        }
        // From here on `self` is fully initialized: a throw runs `deinit`, which unlocks.
        if !readOnly {
            do {
                try Schema.migrator.migrate(pool)
            } catch {
                throw StoreError(path: path, message: "cannot prepare the store: \(error); is it a NewsGraph store?")
            }
        } else {
            let applied: Bool
            do {
                applied = try pool.read { db in try Schema.migrator.hasCompletedMigrations(db) }
            } catch {
                throw StoreError(path: path, message: "cannot read the store: \(error); is it a NewsGraph store?")
            }
            if !applied {
                // A store of an earlier version: bring it up to date (the migrations are
                // append-only and run in a transaction), then read it.
                let newer = (try? pool.read { db in try Schema.migrator.hasBeenSuperseded(db) }) ?? false
                if newer {
                    throw StoreError(path: path, message: "the store was made by a newer version of NewsGraph; use that version to read it")
                }
                do {
                    var writable = Configuration()
                    writable.busyMode = .timeout(10)
                    let queue = try DatabaseQueue(path: path, configuration: writable)
                    try Schema.migrator.migrate(queue)
                    try queue.close()
                } catch {
                    throw StoreError(path: path, message: "the store needs an upgrade to this version of NewsGraph and cannot be upgraded here (\(error)); run `newsgraph ingest` on it with write access")
                }
            }
        }
    }

    deinit {
        unlock()
    }

    /// Takes the writer lock: a second ingest into the same store fails fast instead of
    /// interleaving with this one.
    public func lockForWriting() throws {
        if lockDescriptor >= 0 { return }
        lockDescriptor = try GraphStore.acquireLock(path)
    }

    /// Releases the writer lock (also done when the store is released).
    public func unlock() {
        if lockDescriptor >= 0 {
            GraphStore.releaseLock(lockDescriptor)
            lockDescriptor = -1
        }
    }

    static func acquireLock(_ path: String) throws -> Int32 {
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError(path: path, message: "cannot create the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var holder = ""
            if let data = FileManager.default.contents(atPath: lockPath), let pid = String(data: data, encoding: .utf8),
               !pid.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                holder = " (process \(pid.trimmingCharacters(in: .whitespacesAndNewlines)))"
            }
            close(fd)
            throw StoreError(path: path, message: "another newsgraph process is writing to this store\(holder); wait for it to finish or use another --db")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return fd
    }

    static func releaseLock(_ fd: Int32) {
        flock(fd, LOCK_UN)
        close(fd)
    }

    public enum AddResult: Equatable, Sendable {
        case added
        /// The same content was already stored.
        case duplicate
    }

    /// Adds one article and everything extracted from it, in one transaction, then rebuilds
    /// the events its action reports belong to.
    @discardableResult
    public func add(_ extraction: ArticleExtraction) throws -> AddResult {
        try pool.write { db in
            let writer = ArticleWriter(db: db)
            return try writer.add(extraction)
        }
    }

    /// The source name of the stored article with this content hash, if any.
    public func storedSource(contentHash: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT source FROM article WHERE hash = ?"), arguments: [contentHash])
        }
    }

    /// Another copy of a stored article: it names the article when its source name is smaller.
    public func adoptSource(_ article: Article) throws {
        try pool.write { db in try ArticleWriter(db: db).adoptSource(article) }
    }

    /// Whether an article with this content hash is stored.
    public func contains(contentHash: String) throws -> Bool {
        try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM article WHERE hash = ?)", arguments: [contentHash]) ?? false
        }
    }

    /// Runs a read transaction: the snapshot stays the same while it runs, even when an
    /// ingest is writing.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }
}
