/// The limits and manners of the fetcher. Every limit has a default that suits a daemon polling public feeds.
public struct FetchOptions: Sendable, Equatable {
    /// The most transfers in flight at once, all hosts together (default 32).
    public var concurrency: Int
    /// The most transfers in flight to one host (scheme, host and port) at once (default 2).
    public var perHost: Int
    /// How long a connection (DNS, TCP and TLS) may take, in seconds (default 10).
    public var connectTimeout: Double
    /// How long a whole transfer may take, in seconds (default 60).
    public var timeout: Double
    /// A transfer slower than this many bytes per second for ``lowSpeedTime`` seconds is dropped (default 512).
    public var lowSpeedLimit: Int
    /// See ``lowSpeedLimit`` (default 20 seconds).
    public var lowSpeedTime: Int
    /// The largest body accepted, counted after decompression, in bytes (default 10 MiB).
    public var maxBody: Int
    /// The most redirects followed (default 5).
    public var maxRedirects: Int
    /// The User-Agent sent (default `Vigie/<version> (+<project URL>)`).
    public var userAgent: String
    /// An extra CA bundle (PEM) to trust besides the system store, if any. Verification is always on.
    public var caFile: String?

    /// The User-Agent sent when none is configured.
    public static let defaultUserAgent = "Vigie/\(VigieVersion.current) (+\(VigieVersion.projectURL))"

    /// Creates options; the defaults are those documented on each property.
    public init(
        concurrency: Int = 32, perHost: Int = 2, connectTimeout: Double = 10, timeout: Double = 60,
        lowSpeedLimit: Int = 512, lowSpeedTime: Int = 20, maxBody: Int = 10 << 20, maxRedirects: Int = 5,
        userAgent: String = FetchOptions.defaultUserAgent, caFile: String? = nil
    ) {
        self.concurrency = concurrency
        self.perHost = perHost
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxBody = maxBody
        self.maxRedirects = maxRedirects
        self.userAgent = userAgent
        self.caFile = caFile
    }
}

/// Vigie's version and home: the User-Agent and `vigie --version` use them.
public enum VigieVersion {
    /// The released version of Vigie.
    public static let current = "0.1.0"
    /// Where a site owner who sees Vigie in their logs can read what it is.
    public static let projectURL = "https://github.com/vigie-monitor/vigie"
}
