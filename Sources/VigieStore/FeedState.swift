import Foundation

/// What Vigie remembers about one feed between polls: validators, the last outcome, failures and the schedule.
///
/// The scheduler reads these with ``StateStore/feedState(url:)`` or ``StateStore/allFeedStates()`` and writes
/// them back whole with ``StateStore/commit(_:at:)`` (with the poll's items and alerts) or ``StateStore/save(_:)``.
/// Dates are stored in UTC with millisecond precision: a date read
/// back is the saved one truncated to the millisecond.
public struct FeedState: Sendable, Equatable {
    /// The outcome of the last poll, stored as text in `feeds.last_status`.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        /// A body was fetched and parsed.
        case ok
        /// The server answered 304 Not Modified.
        case notModified = "not-modified"
        /// The fetch or the parse failed; ``FeedState/lastError`` says why.
        case failed
        /// The server answered 410 Gone; the feed is no longer polled.
        case gone
        /// The server asked Vigie to slow down (429, or 503 with `Retry-After`).
        case throttled
    }

    /// The feed's URL as configured: the primary key.
    public var url: String
    /// Where the feed now lives after permanent redirects (301, 308), or `nil` when it has not moved.
    public var currentURL: String?
    /// The last `ETag` the server sent, for `If-None-Match`.
    public var etag: String?
    /// The last `Last-Modified` the server sent, for `If-Modified-Since`.
    public var lastModified: String?
    /// The outcome of the last poll, `nil` before the first one.
    public var lastStatus: Status?
    /// The last failure, for humans (names the feed, says what happened), `nil` after a success.
    public var lastError: String?
    /// How many polls in a row have failed: the exponent of the back-off; 0 after a success.
    public var consecutiveFailures: Int
    /// When to poll next, `nil` when not scheduled yet.
    public var nextPoll: Date?
    /// When the feed was first polled successfully, `nil` until then: the backlog rule applies while it is `nil`.
    public var firstPolled: Date?
    /// When the feed was last polled, whatever the outcome.
    public var lastPolled: Date?
    /// When a poll last fetched and parsed a body of the feed (not a 304, not a failure), `nil` until then.
    ///
    /// Set it to the poll's date when the poll's items are committed with ``StateStore/commit(_:at:)``, and leave
    /// it as it was otherwise: ``StateStore/forgetSeenItems(notSeenSince:configuredFeeds:)`` forgets an item of
    /// this feed only when a fetch later than the item's last sighting did not carry it.
    public var lastFetched: Date?
    /// Whether the server answered 410 Gone: such a feed is not polled again until the config changes.
    public var gone: Bool
    /// When a poll last found an item never seen before, `nil` until one did.
    public var lastNewItem: Date?
    /// How many items never seen before the feed has brought, over its life in the state.
    public var itemsSeen: Int
    /// How many polls found only new items (none seen before) in a feed polled before: items may have fallen out
    /// of the feed's window between two polls.
    public var missedPolls: Int
    /// How many of those polls in a row, up to the last: while it is not 0 the feed is polled more often (see
    /// the README, "Missed items").
    public var missedStreak: Int
    /// The feed's health, as its last `feed-health` line in the alert log said.
    public var health: Health
    /// When the feed's health last changed, `nil` when it never did.
    public var healthSince: Date?

    /// A feed's health, stored as text in `feeds.health`.
    public enum Health: String, Sendable, Equatable, CaseIterable {
        /// Polled without trouble.
        case ok
        /// Failed `[health] failures` times in a row (or answered 410 Gone).
        case failing
        /// Brought no new item for its `stale_after`.
        case stale
    }

    /// Creates a state; a new feed needs only its URL.
    public init(
        url: String,
        currentURL: String? = nil,
        etag: String? = nil,
        lastModified: String? = nil,
        lastStatus: Status? = nil,
        lastError: String? = nil,
        consecutiveFailures: Int = 0,
        nextPoll: Date? = nil,
        firstPolled: Date? = nil,
        lastPolled: Date? = nil,
        lastFetched: Date? = nil,
        gone: Bool = false,
        lastNewItem: Date? = nil,
        itemsSeen: Int = 0,
        missedPolls: Int = 0,
        missedStreak: Int = 0,
        health: Health = .ok,
        healthSince: Date? = nil
    ) {
        self.url = url
        self.currentURL = currentURL
        self.etag = etag
        self.lastModified = lastModified
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.nextPoll = nextPoll
        self.firstPolled = firstPolled
        self.lastPolled = lastPolled
        self.lastFetched = lastFetched
        self.gone = gone
        self.lastNewItem = lastNewItem
        self.itemsSeen = itemsSeen
        self.missedPolls = missedPolls
        self.missedStreak = missedStreak
        self.health = health
        self.healthSince = healthSince
    }
}
