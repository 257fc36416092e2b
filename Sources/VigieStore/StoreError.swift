#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the state database or the alert log could not do what was asked.
///
/// Follows the house error shape: a small extensible ``Code``, a message for humans that names the file and says
/// what to do, the file's path, the `errno` when the system refused, and the underlying error. Every failure of
/// ``StateStore``, ``AlertLog`` and ``AlertDelivery`` is one of these, so the daemon can log it and retry later:
/// an alert that could not be written stays pending and nothing is lost.
public struct StoreError: Error, CustomStringConvertible {
    /// The kind of failure, stable for programs and metrics.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `no-space`.
        public let name: String
        /// The state database cannot be opened or created (missing folder, permissions, not a database).
        public static let stateUnavailable = Code(name: "state-unavailable")
        /// The state database was migrated by a newer Vigie than this one.
        public static let stateTooNew = Code(name: "state-too-new")
        /// The state database is older than this Vigie and a reader may not migrate it.
        public static let stateTooOld = Code(name: "state-too-old")
        /// A read or a transaction on the state database failed.
        public static let stateFailed = Code(name: "state-failed")
        /// An alert handed to ``StateStore/commit(_:at:)`` or ``StateStore/record(seen:alerts:at:)`` is malformed
        /// (its line is not one JSON object carrying its `alert_id`).
        public static let invalidAlert = Code(name: "invalid-alert")
        /// The file system is full or the quota is exhausted (`ENOSPC`, `EDQUOT`).
        public static let noSpace = Code(name: "no-space")
        /// The process may not open or write the file (`EACCES`, `EPERM`).
        public static let permissionDenied = Code(name: "permission-denied")
        /// The file system is mounted read-only (`EROFS`).
        public static let readOnly = Code(name: "read-only")
        /// The file or a folder on its path does not exist (`ENOENT`, `ENOTDIR`).
        public static let notFound = Code(name: "not-found")
        /// `write(2)` wrote only part of a line; the partial line was removed when possible.
        public static let shortWrite = Code(name: "short-write")
        /// Any other input/output failure of the alert log (`EIO`, a failed `fsync` …).
        public static let ioFailed = Code(name: "io-failed")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// One line for humans: the file, what went wrong, what to do next.
    public var message: String
    /// The file concerned: the state database or the alert log.
    public var path: String
    /// The `errno` the system returned, when a system call failed.
    public var errno: Int32?
    /// The error that caused this one (a GRDB `DatabaseError`, for example).
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, path: String, errno: Int32? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}

extension StoreError {
    /// An error for a failed system call on `path`: the code follows `errno`, the message names the path, the
    /// operation, the system's words and what to do.
    static func system(_ operation: String, path: String, errno number: Int32) -> StoreError {
        let reason = String(cString: strerror(number))
        let code: Code
        let advice: String
        switch number {
        case ENOSPC, EDQUOT:
            code = .noSpace
            advice = "free space on its file system; pending alerts are kept and written when it works again"
        case EACCES, EPERM:
            code = .permissionDenied
            advice = "give the user running vigie write access to it and its folder"
        case EROFS:
            code = .readOnly
            advice = "the file system is mounted read-only; remount it read-write or choose another path"
        case ENOENT, ENOTDIR:
            code = .notFound
            advice = "create its folder (systemd: LogsDirectory= / StateDirectory=) or fix the path in the config"
        default:
            code = .ioFailed
            advice = "check the disk and the kernel log; pending alerts are kept and retried"
        }
        return StoreError(
            code: code,
            message: "\(path): cannot \(operation): \(reason); \(advice)",
            path: path,
            errno: number
        )
    }
}
