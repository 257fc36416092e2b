import Foundation

/// What one fetch gave: the outcome the scheduler acts on, and what the logs and metrics report.
public struct FetchResult: Sendable {
    /// The request this answers.
    public var request: FetchRequest
    /// What happened.
    public var outcome: FetchOutcome
    /// The HTTP status of the last response (0 for `file:` URLs and transport failures).
    public var status: Int
    /// The URL finally fetched, after redirects.
    public var finalURL: String
    /// Set when every redirect on the way was permanent (301, 308): the URL the caller should store instead.
    public var movedPermanently: String?
    /// How long the server asks its answer to be reused (`Cache-Control: max-age`), in seconds.
    public var maxAge: TimeInterval?
    /// How long each phase took.
    public var timings: FetchTimings
    /// Body bytes received, after decompression.
    public var bytesReceived: Int

    /// Creates a result (the fetcher makes them; tests and replays may too).
    public init(
        request: FetchRequest, outcome: FetchOutcome, status: Int, finalURL: String, movedPermanently: String? = nil,
        maxAge: TimeInterval? = nil, timings: FetchTimings = FetchTimings(), bytesReceived: Int = 0
    ) {
        self.request = request
        self.outcome = outcome
        self.status = status
        self.finalURL = finalURL
        self.movedPermanently = movedPermanently
        self.maxAge = maxAge
        self.timings = timings
        self.bytesReceived = bytesReceived
    }
}

/// The outcome of a fetch, as data the scheduler can act on.
public enum FetchOutcome: Sendable {
    /// A 2xx with a body to parse.
    case fetched(FetchedBody)
    /// 304: nothing changed since the validators sent; nothing to parse.
    case notModified(Validators)
    /// 410: the feed is gone for good; stop polling it.
    case gone
    /// 429 or 503: the server asks not to be polled before `notBefore` (from `Retry-After`; `nil` when it gave none).
    case throttled(notBefore: Date?, status: Int)
    /// Anything else: an error naming the URL and the cause.
    case failed(FetchError)
}

/// A successful response body and what describes it.
public struct FetchedBody: Sendable {
    /// The body, decompressed.
    public var body: [UInt8]
    /// The charset the `Content-Type` declared, if any.
    public var charset: String?
    /// The media type of `Content-Type` without parameters, lower-cased, if any.
    public var contentType: String?
    /// The validators to send next time.
    public var validators: Validators

    /// Creates a body.
    public init(
        body: [UInt8], charset: String? = nil, contentType: String? = nil, validators: Validators = Validators()
    ) {
        self.body = body
        self.charset = charset
        self.contentType = contentType
        self.validators = validators
    }
}

/// The validators of a response, for the next conditional GET.
public struct Validators: Sendable, Equatable {
    /// `ETag`, as received.
    public var etag: String?
    /// `Last-Modified`, as received.
    public var lastModified: String?

    /// Creates validators.
    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// Durations of a transfer's phases, in seconds from its start (as curl measures them; 0 when a phase did not
/// happen, e.g. TLS on plain HTTP or DNS on a reused connection).
public struct FetchTimings: Sendable, Equatable {
    /// Name resolution done.
    public var dns: Double
    /// TCP connected.
    public var connect: Double
    /// TLS handshake done.
    public var tls: Double
    /// First byte of the response received.
    public var firstByte: Double
    /// The whole transfer.
    public var total: Double

    /// Creates timings.
    public init(dns: Double = 0, connect: Double = 0, tls: Double = 0, firstByte: Double = 0, total: Double = 0) {
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
        self.total = total
    }
}
