/// Why a fetch failed: a small extensible code, a message naming the URL, and curl's own code and words.
public struct FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for programs and metrics.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `timeout`.
        public let name: String
        /// An HTTP status other than 2xx, 304, 410, 429 and 503.
        public static let httpStatus = Code(name: "http-status")
        /// The host name could not be resolved.
        public static let dns = Code(name: "dns")
        /// The connection was refused or could not be made.
        public static let connect = Code(name: "connect")
        /// TLS failed: certificate not trusted, wrong host name, handshake error.
        public static let tls = Code(name: "tls")
        /// The connection, the whole transfer, or the minimum speed timed out.
        public static let timeout = Code(name: "timeout")
        /// The body is larger than the limit (after decompression).
        public static let tooLarge = Code(name: "too-large")
        /// A redirect pointed at a scheme other than http or https, or at a file.
        public static let redirectRefused = Code(name: "redirect-refused")
        /// More redirects than allowed.
        public static let tooManyRedirects = Code(name: "too-many-redirects")
        /// The URL itself is malformed or of a scheme Vigie does not fetch.
        public static let badURL = Code(name: "bad-url")
        /// The transfer was stopped because Vigie is shutting down.
        public static let cancelled = Code(name: "cancelled")
        /// Any other transport failure (connection reset, bad chunking, broken compression …).
        public static let transport = Code(name: "transport")
        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The URL that was requested.
    public var url: String
    /// What went wrong, for humans.
    public var reason: String
    /// libcurl's result code (`CURLcode`), 0 when the failure is an HTTP status.
    public var curlCode: Int

    /// Creates an error.
    public init(code: Code, url: String, reason: String, curlCode: Int = 0) {
        self.code = code
        self.url = url
        self.reason = reason
        self.curlCode = curlCode
    }

    /// "URL: reason (curl N)".
    public var description: String {
        curlCode == 0 ? "\(url): \(reason)" : "\(url): \(reason) (curl \(curlCode))"
    }
}
