import Foundation

/// The end of one cycle, as ``DaemonMetrics/recordCycle(_:)`` sets the gauges from it.
///
/// Counts are of the feeds in the configuration the daemon runs with (rows the state keeps for removed feeds do not
/// count), so that the gauges add up to the configured feeds.
public struct CycleSample: Sendable, Equatable {
    /// The outcome of a feed's last poll: the `status` label of `vigie_feeds`.
    public enum FeedStatus: String, Sendable, CaseIterable {
        /// A body was fetched and parsed.
        case ok
        /// The server answered 304 Not Modified.
        case notModified = "not-modified"
        /// The fetch or the parse failed.
        case failed
        /// The server answered 410 Gone; the feed is no longer polled.
        case gone
        /// The server asked Vigie to slow down.
        case throttled
        /// Not polled yet.
        case never
    }

    /// How many configured feeds are in each status; a status left out counts 0 (every status is always written).
    public var feedsByStatus: [FeedStatus: Int]
    /// Feeds whose health is `failing` (`[health] failures` failed polls in a row, or a 410 Gone; README, "Feed
    /// health"): `vigie_feeds_failing`.
    public var feedsFailing: Int
    /// Feeds whose health is `stale` (no new item for their `stale_after`): `vigie_feeds_stale`.
    public var feedsStale: Int
    /// How long the cycle took, in seconds: `vigie_cycle_duration_seconds`.
    public var duration: Double
    /// How late the cycle started after its feeds were due, in seconds: `vigie_cycle_lag_seconds`.
    public var lag: Double
    /// The size of the state on disk in bytes (the database with its write-ahead log): `vigie_state_size_bytes`.
    public var stateBytes: Int
    /// Every configured sink, once each.
    public var sinks: [SinkSample]
    /// When the cycle ended (the daemon's wall clock): `vigie_last_cycle_timestamp_seconds`, and the time the
    /// sinks' delivery lag is measured at.
    public var finished: Date

    /// Creates a sample.
    public init(
        feedsByStatus: [FeedStatus: Int], feedsFailing: Int = 0, feedsStale: Int = 0, duration: Double,
        lag: Double = 0, stateBytes: Int = 0, sinks: [SinkSample] = [], finished: Date
    ) {
        self.feedsByStatus = feedsByStatus
        self.feedsFailing = feedsFailing
        self.feedsStale = feedsStale
        self.duration = duration
        self.lag = lag
        self.stateBytes = stateBytes
        self.sinks = sinks
        self.finished = finished
    }
}
