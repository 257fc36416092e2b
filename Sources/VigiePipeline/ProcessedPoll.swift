import VigieStore

/// What one poll of one feed leaves behind, as a value: the feed's new state, every item the feed holds, the
/// alerts its new items raise, and what to report. Nothing of it is written yet: the daemon commits a batch of these
/// in one transaction (``StateStore/commit(_:at:)``).
public struct ProcessedPoll: Sendable {
    /// The feed, by its configured URL (its identity, whatever URL it is fetched from now).
    public var feedURL: String
    /// What the poll came to.
    public var outcome: PollOutcome
    /// The feed's state after the poll: validators, status, failures, current URL. ``FeedState/nextPoll`` is left
    /// as it was: the schedule is the daemon's to decide.
    public var state: FeedState
    /// Every item of the fetched feed (new or not), to mark as seen; empty unless the feed was fetched.
    public var items: [SeenItem]
    /// How many of ``items`` were seen for the first time.
    public var newItems: Int
    /// The alerts of the new items, in feed order, one per article at most (none for coverage the configuration
    /// drops).
    public var alerts: [NewAlert]
    /// Where each alerted article went among the stories, in feed order (coverage dropped from the log included).
    public var stories: [StoryRecord]
    /// The URL the feed moved to permanently on this poll (301/308), if it did.
    public var movedTo: String?
    /// The parser's first warnings, for the debug log.
    public var warnings: [String]
    /// The title of each alerted article, by article key, for the log line of each alert.
    public var titles: [String: String]
    /// Whether the poll found only new items in a feed polled before: items may have been missed since the last
    /// poll (``FeedState/missedPolls``).
    public var missedItems: Bool
    /// The texts of the new items, to keep for `vigie backtest` (empty when the processor keeps none).
    public var texts: [ItemText]
    /// The feed's health change this poll made, with its `feed-health` line (also in ``alerts``), if any.
    public var healthChange: FeedHealthLine?

    /// Creates a poll result that changes nothing but what `outcome` says.
    public init(feedURL: String, outcome: PollOutcome, state: FeedState) {
        self.feedURL = feedURL
        self.outcome = outcome
        self.state = state
        self.items = []
        self.newItems = 0
        self.alerts = []
        self.stories = []
        self.movedTo = nil
        self.warnings = []
        self.titles = [:]
        self.missedItems = false
        self.texts = []
        self.healthChange = nil
    }
}
