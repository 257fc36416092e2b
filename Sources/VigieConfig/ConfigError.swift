/// A problem in the configuration, located: file, line and key, and what to do.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in.
    public var file: String
    /// The 1-based line, or 0 when the problem is not on one line (a missing key, an unreadable file).
    public var line: Int
    /// The key concerned, as a dotted path (`fetch.timeout`, `feed[2].url`), or empty.
    public var key: String
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int = 0, key: String = "", message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `FILE:LINE: KEY: MESSAGE`, the form editors and `grep` understand.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

/// Every problem found in a configuration (a check reports them all, not just the first).
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var errors: [ConfigError]

    /// One problem per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
