#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the alert log, or one of its rotations, could not be read.
///
/// The house error shape: a small extensible ``Code``, a message for humans that names the file and says what to do,
/// the file's path and the `errno` when the system refused.
public struct LogReaderError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, stable for programs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `not-found`.
        public let name: String
        /// The file or a folder on its path does not exist (`ENOENT`, `ENOTDIR`).
        public static let notFound = Code(name: "not-found")
        /// The process may not read the file or list its folder (`EACCES`, `EPERM`).
        public static let permissionDenied = Code(name: "permission-denied")
        /// A compressed rotation is damaged or cut short; the lines before the damage were read.
        public static let corruptGzip = Code(name: "corrupt-gzip")
        /// Any other input/output failure (`EIO`, `EISDIR` …).
        public static let readFailed = Code(name: "read-failed")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// One line for humans: the file, what went wrong, what to do next.
    public var message: String
    /// The file concerned.
    public var path: String
    /// The `errno` the system returned, when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    public init(code: Code, message: String, path: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// The message.
    public var description: String { message }
}

extension LogReaderError {
    /// An error for a failed system call on `path`: the code follows `errno`, the message names the path, the
    /// operation, the system's words and what to do.
    static func system(_ operation: String, path: String, errno number: Int32) -> LogReaderError {
        let reason = String(cString: strerror(number))
        let code: Code
        let advice: String
        switch number {
        case ENOENT, ENOTDIR:
            code = .notFound
            advice = "check `alert_log` in the configuration, or the path given to --log"
        case EACCES, EPERM:
            code = .permissionDenied
            advice = "run as the daemon's user, or as a member of the log's group"
        default:
            code = .readFailed
            advice = "check the disk and the kernel log"
        }
        return LogReaderError(
            code: code, message: "\(path): cannot \(operation): \(reason); \(advice)", path: path, errno: number)
    }
}
