import Foundation
internal import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Vigie's state: feeds, seen items and alerts, in one SQLite database (WAL mode) that survives restarts.
///
/// Open it once at start-up at `<state_dir>/state.sqlite`; a new file is created with mode 0640 (its `-wal` and
/// `-shm` files get the same), and the schema is migrated to this version before `init` returns. Every method is
/// synchronous, safe to call from any thread or task, and throws ``StoreError``. Commits are durable
/// (`synchronous = FULL`) before they return: an alert recorded here survives a power cut even if it was already
/// appended to the log. Another process (a `vigie status` command, `sqlite3`) may read the file while the daemon
/// runs; writers wait up to 10 s for each other.
public final class StateStore: Sendable {
    /// The database file's path.
    public let path: String
    /// The connection pool: one writer, concurrent readers.
    let pool: DatabasePool

    /// Opens the database at `path`, creating it (mode 0640) and migrating its schema.
    ///
    /// The folder must exist (systemd creates `StateDirectory=`). Throws `.stateUnavailable` when the file cannot
    /// be opened or is not a database, `.stateTooNew` when a newer Vigie migrated it.
    public init(path: String) throws {
        self.path = path
        try Self.createFileIfMissing(path)
        var configuration = Configuration()
        configuration.label = "vigie-state"
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // After GRDB's WAL set-up, which chooses NORMAL: only FULL syncs the WAL at each commit, so that a
            // pending alert is on disk before its line is appended (else a power cut could alert twice).
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw Self.openError(path: path, error: error)
        }
        try Self.migrate(pool, path: path)
    }

    /// Opens the database at `path` to read it only, as `vigie status` and `vigie backtest` do while the daemon
    /// runs: nothing is created, migrated or written, and the daemon's writes are not held up.
    ///
    /// Throws `.notFound` when there is no file (the daemon never ran with this `state_dir`), `.stateUnavailable`
    /// when it cannot be opened, `.stateTooNew` when a newer Vigie migrated it, `.stateTooOld` when this Vigie's
    /// daemon has not migrated it yet.
    public init(readingOnly path: String) throws {
        self.path = path
        guard access(path, F_OK) == 0 else {
            throw StoreError(
                code: .notFound,
                message: "\(path): no state database here; the daemon has not run with this state_dir yet "
                    + "(start it, or pass the --config it runs with)",
                path: path)
        }
        var configuration = Configuration()
        configuration.label = "vigie-state-reader"
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.openError(path: path, error: error)
        }
        let migrator = Self.migrator
        let (superseded, complete) = try withState("read its schema version") {
            try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
        }
        if superseded {
            throw StoreError(
                code: .stateTooNew,
                message: "\(path): the state database was written by a newer version of vigie; use that version's "
                    + "vigie to read it",
                path: path)
        }
        if !complete {
            throw StoreError(
                code: .stateTooOld,
                message: "\(path): the state database is from an older version of vigie; restart the daemon with "
                    + "this version (it migrates the state at start-up), then ask again",
                path: path)
        }
    }

    /// The bytes the state takes on disk: the database file and its write-ahead log (0 for what cannot be read).
    public var diskSize: Int {
        [path, path + "-wal"].reduce(0) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int(info.st_size) : 0)
        }
    }

    /// Runs SQLite's `PRAGMA integrity_check` on the whole file: `true` when it answers `ok`.
    ///
    /// Reads every page, so it takes a while on a large database: for tests, the crash harness and
    /// `vigie` diagnostics, not for every cycle.
    public func integrityCheck() throws -> Bool {
        try withState("check its integrity") {
            try pool.read { db in
                try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"]
            }
        }
    }

    /// Runs `body`, turning a database failure into a ``StoreError`` that names the file and `operation`.
    func withState<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.stateError(operation, path: path, error: error)
        }
    }

    /// Creates an empty database file with mode 0640 (less the umask) when none exists, so that SQLite, which
    /// gives the `-wal` and `-shm` files the mode of the database, never creates them more open.
    private static func createFileIfMissing(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        if descriptor >= 0 {
            _ = close(descriptor)
            return
        }
        let number = errno
        if number == EEXIST {
            // SQLite opens a file it cannot write read-only, without a word: refuse it here instead, so that the
            // daemon does not start on a state where it could record nothing (a read-only mount, permissions).
            let folder = (path as NSString).deletingLastPathComponent
            for target in [path, folder.isEmpty ? "." : folder] where access(target, W_OK) != 0 {
                var error = StoreError.system("write the state database", path: target, errno: errno)
                error.code = .stateUnavailable
                throw error
            }
            return
        }
        var error = StoreError.system("create the state database", path: path, errno: number)
        error.code = .stateUnavailable
        throw error
    }

    /// The error for a database that cannot be opened.
    private static func openError(path: String, error: any Error) -> StoreError {
        let reason = (error as? DatabaseError)?.message ?? "\(error)"
        return StoreError(
            code: .stateUnavailable,
            message: "\(path): cannot open the state database: \(reason); check that it is a SQLite file that the "
                + "user running vigie may read and write, or move it away to start with a fresh state",
            path: path,
            underlying: error
        )
    }

    /// The error for a failed read or transaction: disk full and read-only file systems get their own codes.
    static func stateError(_ operation: String, path: String, error: any Error) -> StoreError {
        guard let database = error as? DatabaseError else {
            return StoreError(
                code: .stateFailed,
                message: "\(path): cannot \(operation): \(error)",
                path: path,
                underlying: error
            )
        }
        let reason = database.message ?? "SQLite error \(database.resultCode.rawValue)"
        let code: StoreError.Code
        let advice: String
        switch database.resultCode {
        case .SQLITE_FULL:
            code = .noSpace
            advice = "free space on its file system; nothing was lost, vigie retries"
        case .SQLITE_READONLY:
            code = .readOnly
            advice = "make the file and its folder writable by the user running vigie"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            code = .stateFailed
            advice = "the file is damaged: stop vigie and restore it or move it away to start afresh"
        default:
            code = .stateFailed
            advice = "vigie retries; if it persists, check the disk and run `sqlite3 \(path) 'PRAGMA integrity_check'`"
        }
        return StoreError(
            code: code,
            message: "\(path): cannot \(operation): \(reason); \(advice)",
            path: path,
            underlying: error
        )
    }
}
