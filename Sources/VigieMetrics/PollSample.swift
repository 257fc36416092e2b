/// One finished poll of one feed, as ``DaemonMetrics/recordPoll(_:)`` counts it.
///
/// Plain values the daemon already holds when a poll is processed; a cancelled poll (Vigie stopping) is not recorded.
/// Negative or non-finite numbers count as 0: a metric never stops the daemon.
public struct PollSample: Sendable, Equatable {
    /// What the poll came to: the `outcome` label of `vigie_polls_total`.
    public enum Outcome: String, Sendable, CaseIterable {
        /// A body was fetched and read as a feed.
        case fetched
        /// The server answered 304 Not Modified.
        case notModified = "not-modified"
        /// A body came but is not a feed that can be read.
        case unreadable
        /// The transfer failed (transport, HTTP status, limits).
        case failed
        /// The server answered 410 Gone.
        case gone
        /// The server asked Vigie to slow down (429, or 503 with `Retry-After`).
        case throttled

        /// Whether the server answered the request itself (200 or 304): the polls `vigie_not_modified_ratio` divides.
        var isAnswered: Bool {
            self == .fetched || self == .notModified || self == .unreadable
        }
    }

    /// What the poll came to.
    public var outcome: Outcome
    /// How long the transfer took, in seconds (`vigie_fetch_duration_seconds`).
    public var duration: Double
    /// The body's size in bytes as received, 0 for a 304 or a failure (`vigie_fetch_bytes_total`).
    public var bytes: Int
    /// How many of the feed's items were seen for the first time (`vigie_items_new_total`).
    public var newItems: Int
    /// Whether every item the feed held was new on a feed polled before: items may have left the feed between two
    /// polls unseen (`vigie_missed_items_total`).
    public var mayHaveMissedItems: Bool
    /// The stories the poll opened, by the watch of the article that opened each (its strongest watch, as the
    /// alert log names it). Each is also one alert line of kind `story`.
    public var storiesByWatch: [String: Int]
    /// The alert lines of kind `coverage` the poll wrote (articles joining an open story), by watch; empty when
    /// `[stories] coverage = "drop"`.
    public var coverageByWatch: [String: Int]

    /// Creates a sample; a poll that alerted on nothing needs only its outcome and duration.
    public init(
        outcome: Outcome, duration: Double, bytes: Int = 0, newItems: Int = 0, mayHaveMissedItems: Bool = false,
        storiesByWatch: [String: Int] = [:], coverageByWatch: [String: Int] = [:]
    ) {
        self.outcome = outcome
        self.duration = duration
        self.bytes = bytes
        self.newItems = newItems
        self.mayHaveMissedItems = mayHaveMissedItems
        self.storiesByWatch = storiesByWatch
        self.coverageByWatch = coverageByWatch
    }
}
