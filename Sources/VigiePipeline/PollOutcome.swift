import Foundation
import VigieFetch

/// What one poll of one feed came to, as the scheduler, the logs and `STATUS=` need it.
public enum PollOutcome: Sendable, Equatable {
    /// A body was fetched and read as a feed. `hint` is the longest interval the feed or the server asked for
    /// (RSS `<ttl>`, `sy:updatePeriod`, `Cache-Control: max-age`), if any.
    case fetched(hint: TimeInterval?)
    /// 304 Not Modified; `hint` as for ``fetched(hint:)``.
    case notModified(hint: TimeInterval?)
    /// A body came but is not a feed that can be read; the message says why.
    case unreadable(message: String)
    /// The transfer failed (transport, HTTP status, limits); the message names the URL and the cause.
    case failed(code: FetchError.Code, message: String)
    /// 410 Gone: the feed is not polled again.
    case gone
    /// 429 or 503: the server asks to wait until `notBefore` (from `Retry-After`, `nil` when it gave none).
    case throttled(notBefore: Date?, status: Int)
    /// The transfer was cancelled because Vigie is stopping: nothing about the feed changes.
    case cancelled

    /// Whether the poll counts as a failure for the back-off and the feed's health.
    public var isFailure: Bool {
        switch self {
        case .fetched, .notModified, .cancelled: false
        case .unreadable, .failed, .gone, .throttled: true
        }
    }
}
