/// A watchlist that cannot be used: where the problem is (file, line, column) and what it is.
public struct WatchlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, stable for programs to test.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `unknown-key`.
        public let name: String
        /// The file is not valid TOML.
        public static let syntax = Code(name: "syntax")
        /// A key the watchlist format does not have (often a typo).
        public static let unknownKey = Code(name: "unknown-key")
        /// A value of the wrong TOML type.
        public static let wrongType = Code(name: "wrong-type")
        /// A value of the right type that is not allowed (an empty name, a negative window, an unknown level).
        public static let invalidValue = Code(name: "invalid-value")
        /// A required key is missing.
        public static let missingKey = Code(name: "missing-key")
        /// Two watches have the same name.
        public static let duplicateName = Code(name: "duplicate-name")
        /// A `query` expression that does not parse or cannot work.
        public static let query = Code(name: "query")
        /// The file cannot be read, or no file matches a pattern.
        public static let unreadable = Code(name: "unreadable")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public var code: Code
    /// The file, as named by the caller.
    public var file: String
    /// The line (1-based), when the problem has a place in the file.
    public var line: Int?
    /// The column (1-based, in characters), when known.
    public var column: Int?
    /// What is wrong and, where it helps, what to do.
    public var reason: String

    /// Creates an error.
    public init(code: Code, file: String, line: Int? = nil, column: Int? = nil, reason: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `FILE:LINE:COLUMN: REASON`, as compilers write it (line and column left out when unknown).
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(reason)"
    }
}
