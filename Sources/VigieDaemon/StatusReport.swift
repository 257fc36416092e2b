import Foundation
import VigieConfig
import VigieStore

/// What `vigie status` shows: whether the daemon runs, each configured feed as the state remembers it, the sinks,
/// and totals. Built from the configuration and a state opened read-only, at an instant given by the caller.
public struct StatusReport: Sendable {
    /// The daemon, as its heartbeat tells.
    public struct DaemonState: Sendable {
        /// Whether it runs (a recent beat, not stopped).
        public var running: Bool
        /// Its last heartbeat, `nil` when no daemon ever ran on this state.
        public var heartbeat: Heartbeat?
    }

    /// One configured feed.
    public struct FeedRow: Sendable {
        /// The feed's name (its URL when it has none).
        public var name: String
        /// The configured URL.
        public var url: String
        /// Whether it is polled (`enabled`).
        public var enabled: Bool
        /// Its state; a feed never polled has a fresh one.
        public var state: FeedState
        /// Whether the state has a row for it (it was polled or scheduled at least once).
        public var known: Bool
    }

    /// Totals over the configured feeds.
    public struct Totals: Sendable {
        /// Configured feeds.
        public var feeds = 0
        /// Feeds by the outcome of their last poll (`never` for feeds not polled yet).
        public var byStatus: [String: Int] = [:]
        /// Feeds whose health is `failing`.
        public var failing = 0
        /// Feeds whose health is `stale`.
        public var stale = 0
        /// Polls that may have missed items, over every feed.
        public var missedPolls = 0
        /// Items seen over every feed's life.
        public var itemsSeen = 0
        /// Alert lines written since midnight UTC.
        public var alertsToday = 0
        /// Alerts recorded but not written to the log yet.
        public var pendingAlerts = 0
    }

    /// When the report was made.
    public var now: Date
    /// The daemon.
    public var daemon: DaemonState
    /// The configured feeds, in configuration order.
    public var feeds: [FeedRow]
    /// The sinks' deliveries (configured sinks, and sinks that still have rows).
    public var sinks: [SinkStatus]
    /// The totals.
    public var totals: Totals

    /// Whether some feed is failing (`vigie status` then exits 1).
    public var someFeedFailing: Bool { totals.failing > 0 }

    /// The report for `config`, read from `store` at `now`.
    public init(config: Config, store: StateStore, now: Date) throws {
        self.now = now
        let heartbeat = try store.heartbeat()
        daemon = DaemonState(running: heartbeat?.isAlive(at: now) ?? false, heartbeat: heartbeat)
        let states = Dictionary(try store.allFeedStates().map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        feeds = config.feeds.map { feed in
            FeedRow(
                name: feed.name ?? feed.url, url: feed.url, enabled: feed.enabled,
                state: states[feed.url] ?? FeedState(url: feed.url), known: states[feed.url] != nil)
        }
        sinks = try store.sinkStatuses(SinkTargets.keys(of: config.sinks))
        var totals = Totals()
        totals.feeds = feeds.count
        for feed in feeds {
            totals.byStatus[feed.state.lastStatus?.rawValue ?? "never", default: 0] += 1
            if feed.state.health == .failing { totals.failing += 1 }
            if feed.state.health == .stale { totals.stale += 1 }
            totals.missedPolls += feed.state.missedPolls
            totals.itemsSeen += feed.state.itemsSeen
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        totals.alertsToday = try store.alertsWritten(since: calendar.startOfDay(for: now))
        totals.pendingAlerts = try store.pendingAlerts().count
        self.totals = totals
    }
}
