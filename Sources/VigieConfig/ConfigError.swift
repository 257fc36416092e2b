/// A problem in a configuration or watchlist file, located: file, line, column and key, and what to do.
///
/// Every problem VigieConfig finds, in `vigie.toml` and in watchlists alike, is one of these. The cause (a TOML
/// parser's error, an `errno`, a query error) is written into ``message``, so the error stays a plain value that
/// tests compare whole.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, stable for programs to test.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `unknown-key`.
        public let name: String

        /// Creates a code; the ones below are those VigieConfig reports.
        public init(name: String) {
            self.name = name
        }

        /// The file is not valid TOML.
        public static let syntax = Code(name: "syntax")
        /// A key the format does not have (often a typo).
        public static let unknownKey = Code(name: "unknown-key")
        /// A value of the wrong TOML type.
        public static let wrongType = Code(name: "wrong-type")
        /// A value of the right type that is not allowed (an empty name, a negative window, an unknown level).
        public static let invalidValue = Code(name: "invalid-value")
        /// A required key is missing.
        public static let missingKey = Code(name: "missing-key")
        /// A name or URL used twice.
        public static let duplicateName = Code(name: "duplicate-name")
        /// A watch's `query` expression that does not parse or cannot work.
        public static let query = Code(name: "query")
        /// A file that cannot be read, or a pattern that matches no file.
        public static let unreadable = Code(name: "unreadable")
        /// A warning: a secret file that other users may read.
        public static let insecure = Code(name: "insecure")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public var code: Code
    /// The file the problem is in, as named by the caller (or the pattern that matched nothing).
    public var file: String
    /// The line (1-based), when the problem has a place in the file.
    public var line: Int?
    /// The column (1-based, in characters), when known.
    public var column: Int?
    /// The key concerned, as a dotted path (`fetch.timeout`, `feed[2].url`, `watch[3].any[1]`), or empty.
    public var key: String
    /// What is wrong and, where it helps, what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, file: String, line: Int? = nil, column: Int? = nil, key: String = "", message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `FILE:LINE:COLUMN: KEY: MESSAGE`, the form compilers, editors and `grep` understand; the line and column
    /// are left out when unknown, the key when there is none.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Every problem found in a configuration and its watchlists: a check reports them all, not just the first.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems: file by file, each file's in the order of their place in it.
    public var errors: [ConfigError]

    /// Creates the list.
    public init(errors: [ConfigError]) {
        self.errors = errors
    }

    /// One problem per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
