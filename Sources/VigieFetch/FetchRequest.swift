/// One feed to fetch: which feed, where, and what the caller remembers from last time.
public struct FetchRequest: Sendable, Equatable {
    /// The feed this request is for, as the caller names it (its configured URL, say), carried unchanged to the
    /// result. Two requests may have one ``url`` (two configured URLs that permanent redirects made one) and
    /// different feed IDs: each is fetched and answered on its own.
    public var feedID: String
    /// The URL to fetch: `http`, `https`, or a `file:` URL (accepted only as the configured URL itself, never through
    /// a redirect).
    public var url: String
    /// The entity tag from the last 200, sent as `If-None-Match`.
    public var etag: String?
    /// The `Last-Modified` value from the last 200, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// A User-Agent for this feed only; `nil` uses ``FetchOptions/userAgent``.
    public var userAgent: String?
    /// Extra request headers (for feeds that need a token), as name/value pairs.
    public var headers: [(String, String)]

    /// Creates a request; `feedID` defaults to `url`.
    public init(
        url: String, feedID: String? = nil, etag: String? = nil, lastModified: String? = nil,
        userAgent: String? = nil, headers: [(String, String)] = []
    ) {
        self.feedID = feedID ?? url
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.userAgent = userAgent
        self.headers = headers
    }

    /// Compares every field, headers in order.
    public static func == (lhs: FetchRequest, rhs: FetchRequest) -> Bool {
        lhs.feedID == rhs.feedID && lhs.url == rhs.url && lhs.etag == rhs.etag && lhs.lastModified == rhs.lastModified
            && lhs.userAgent == rhs.userAgent && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
    }
}
