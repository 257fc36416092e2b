/// Why a document could not be read as a feed.
///
/// Follows the house error shape: a small extensible ``Code``, a message for humans that says what to do, and
/// context. Input that is a feed with problems is not an error: it parses, with ``Feed/warnings``.
public struct FeedParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for programs to test.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `not-a-feed`.
        public let name: String
        /// The document is well-formed (or recoverable) but is not RSS, Atom or JSON Feed.
        public static let notAFeed = Code(name: "not-a-feed")
        /// The document is an HTML page; ``FeedParseError/alternates`` lists the feeds it announces.
        public static let htmlPage = Code(name: "html-page")
        /// Nothing could be recovered: not XML nor JSON, or broken before the first element.
        public static let unreadable = Code(name: "unreadable")
        /// The document is empty or only whitespace.
        public static let empty = Code(name: "empty")
        /// The document exceeds a configured limit (size, depth, entity expansion).
        public static let limitExceeded = Code(name: "limit-exceeded")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// One line for humans: what is wrong and, where it helps, what to do.
    public var message: String
    /// For ``Code/htmlPage``: the feed URLs the page announces with `<link rel="alternate">`, resolved.
    public var alternates: [String]

    /// Creates an error.
    public init(code: Code, message: String, alternates: [String] = []) {
        self.code = code
        self.message = message
        self.alternates = alternates
    }

    /// The message.
    public var description: String { message }
}
