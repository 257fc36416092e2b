#if canImport(Glibc)
    import Glibc
#endif

/// Why the metrics file could not be written; the file as it was (if any) is left intact.
///
/// The house error shape: a small extensible ``Code``, a message for humans that names the file and says what to
/// do, the path, and the `errno` the system returned. The daemon logs it and tries again after the next cycle.
public struct MetricsFileError: Error, CustomStringConvertible {
    /// The kind of failure, stable for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `permission-denied`.
        public let name: String
        /// The process may not create a file in the folder (`EACCES`, `EPERM`).
        public static let permissionDenied = Code(name: "permission-denied")
        /// The folder is on a file system mounted read-only (`EROFS`).
        public static let readOnly = Code(name: "read-only")
        /// The folder, or a folder on its path, does not exist or is not a folder (`ENOENT`, `ENOTDIR`).
        public static let notFound = Code(name: "not-found")
        /// The file system is full or the quota is exhausted (`ENOSPC`, `EDQUOT`).
        public static let noSpace = Code(name: "no-space")
        /// Any other failure (`EIO`, the path is a folder, …).
        public static let ioFailed = Code(name: "io-failed")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// One line for humans: the file, what went wrong, what to do next.
    public var message: String
    /// The metrics file's path (`metrics_file`).
    public var path: String
    /// The `errno` the system returned.
    public var errno: Int32

    /// Creates an error.
    public init(code: Code, message: String, path: String, errno: Int32) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// The message.
    public var description: String { message }
}

extension MetricsFileError {
    /// The error for a system call that failed with `errno` number while `doing` something to the metrics file at
    /// `path`: the code follows the `errno`, the message says what to do.
    static func system(_ doing: String, path: String, errno number: Int32) -> MetricsFileError {
        let reason = String(cString: strerror(number))
        let code: Code
        let advice: String
        switch number {
        case EACCES, EPERM:
            code = .permissionDenied
            advice = "give the user running vigie write access to the folder (node_exporter only needs to read it)"
        case EROFS:
            code = .readOnly
            advice = "the file system is mounted read-only; point metrics_file at a writable folder"
        case ENOENT, ENOTDIR:
            code = .notFound
            advice = "create the folder, or fix metrics_file in vigie.toml"
        case ENOSPC, EDQUOT:
            code = .noSpace
            advice = "free space on its file system; the file is written again after the next cycle"
        default:
            code = .ioFailed
            advice = "check metrics_file in vigie.toml and the disk; the file is written again after the next cycle"
        }
        return MetricsFileError(
            code: code, message: "\(path): cannot write the metrics file: \(doing): \(reason); \(advice)",
            path: path, errno: number)
    }
}
