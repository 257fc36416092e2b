import Foundation
import VigieStore

/// When a feed turns bad and when it recovers, as a function of values: its state after a poll in, its health and
/// the `feed-health` line to write (only on a change) out.
///
/// - `failing`: the feed failed ``failures`` polls in a row, or answered 410 Gone;
/// - `stale`: it brought no new item for its `stale_after` (counted from its last new item, else from its first
///   successful poll, else from its first poll);
/// - `ok`: neither.
/// Failing wins over stale. A change writes one line (`"health": "failing"` or `"stale"` when it turns bad,
/// `"recovered"` when it is `ok` again); a poll that changes nothing writes none, so a feed down for a week makes
/// two lines, not one per poll.
public struct FeedHealthCheck: Sendable, Equatable {
    /// How many failed polls in a row make a feed failing (`[health] failures`).
    public var failures: Int

    /// Creates a check.
    public init(failures: Int = 5) {
        self.failures = failures
    }

    /// The health `state` shows at `now`, for a feed whose `stale_after` is `staleAfter` (`nil`: never stale).
    public func health(of state: FeedState, staleAfter: TimeInterval?, at now: Date) -> FeedState.Health {
        if state.gone || state.consecutiveFailures >= failures { return .failing }
        if let staleAfter, let since = state.lastNewItem ?? state.firstPolled ?? state.lastPolled,
            now.timeIntervalSince(since) > staleAfter
        {
            return .stale
        }
        return .ok
    }

    /// Updates the health of `poll`'s feed at `now` and, when it changed, appends its `feed-health` line to the
    /// poll's alerts (with the sinks of `routes` that take it).
    public func apply(
        to poll: inout ProcessedPoll, feedName: String?, staleAfter: TimeInterval?, routes: [SinkRoute], at now: Date
    ) {
        guard poll.outcome != .cancelled else { return }
        let before = poll.state.health
        let after = health(of: poll.state, staleAfter: staleAfter, at: now)
        guard after != before else { return }
        poll.state.health = after
        poll.state.healthSince = now
        let alertID = NewAlert.makeAlertID()
        let line = FeedHealthLine(
            alertID: alertID, health: after, previous: before, state: poll.state, feedName: feedName,
            staleAfter: staleAfter, failures: failures, time: now)
        let sinks = routes.filter { $0.acceptsFeedHealth(level: line.level) }.map(\.name)
        poll.alerts.append(
            NewAlert(
                alertID: alertID, watch: "", articleKey: "feed-health:\(alertID)", line: line.serialized,
                sinks: sinks))
        poll.healthChange = line
    }
}
