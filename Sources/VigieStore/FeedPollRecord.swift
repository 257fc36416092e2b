/// What one poll of one feed leaves in the state: its new state, the items its body carried and its new alerts.
///
/// Hand a batch of them to ``StateStore/commit(_:at:)``. For a poll that fetched and parsed a body, `items` is
/// every item of the body (not only the new ones) and `state.lastFetched` is the poll's date; for any other poll
/// (304, failure, throttled, gone), `items` and `alerts` are empty and `state.lastFetched` stays as it was.
public struct FeedPollRecord: Sendable, Equatable {
    /// The feed's state after the poll, saved whole.
    public var state: FeedState
    /// Every item of the fetched body; each is recorded as seen in `state.url` (its own `feedURL` is not read).
    public var items: [SeenItem]
    /// The alerts the poll's new items raised, recorded as pending unless their (watch, article) has one.
    public var alerts: [NewAlert]
    /// Where those articles went among the stories (also the coverage written to no alert), recorded unless the
    /// article has a record.
    public var stories: [StoryRecord]
    /// The texts of the poll's new items, kept for `vigie backtest` unless already kept (empty when
    /// `[state] keep_text` is off).
    public var texts: [ItemText]

    /// Creates the record of one poll.
    public init(
        state: FeedState, items: [SeenItem], alerts: [NewAlert], stories: [StoryRecord] = [], texts: [ItemText] = []
    ) {
        self.state = state
        self.items = items
        self.alerts = alerts
        self.stories = stories
        self.texts = texts
    }
}
