import Foundation
import VigieFeeds
import VigieJSON
import VigieStore
import VigieWatch

/// The `feed-health` line of the alert log: a feed turned bad (`failing`, `stale`) or recovered.
///
/// It carries every key of an article's line, in the same order (`watch`, `story` and the article's own keys
/// `null`, `watches`, `entities`, `terms` and `fields` empty), so recipes and sinks that read one shape read both,
/// then its own: `health`, `previous`, `consecutive_failures`, `last_error`, `last_new_item`, `stale_after`.
/// `title` says what happened in words, `link` is the feed's URL, `level` is `warning` when it turns bad and
/// `notice` when it recovers.
public struct FeedHealthLine: Sendable, Equatable {
    /// The line's `alert_id`.
    public var alertID: String
    /// `failing`, `stale` or `recovered`.
    public var health: String
    /// The health before: `ok`, `failing` or `stale`.
    public var previous: FeedState.Health
    /// `warning` (turned bad) or `notice` (recovered).
    public var level: WatchLevel
    /// What happened, for people: "Feed failing: NAME (5 failed polls in a row: …)".
    public var title: String
    /// The whole JSON line.
    public var serialized: String

    /// The line for a feed whose health went from `previous` to `health` at `time`.
    public init(
        alertID: String, health: FeedState.Health, previous: FeedState.Health, state: FeedState, feedName: String?,
        staleAfter: TimeInterval?, failures: Int, time: Date
    ) {
        self.alertID = alertID
        self.previous = previous
        let name = feedName ?? state.url
        let word: String
        switch health {
        case .ok:
            word = "recovered"
            level = .notice
            title = "Feed recovered: \(name) (it was \(previous.rawValue))"
        case .failing:
            word = "failing"
            level = .warning
            title =
                state.gone
                ? "Feed failing: \(name) (HTTP 410 Gone: no longer polled)"
                : "Feed failing: \(name) (\(state.consecutiveFailures) failed polls in a row: "
                    + "\(state.lastError ?? "unknown error"))"
        case .stale:
            word = "stale"
            level = .warning
            let since = (state.lastNewItem ?? state.firstPolled).map { " since \(DateParser.rfc3339($0))" } ?? ""
            title = "Feed stale: \(name) (no new item\(since))"
        }
        self.health = word
        let empty = JSONValue.array([])
        serialized =
            JSONValue.object([
                ("time", .string(DateParser.rfc3339(time))),
                ("alert_id", .string(alertID)),
                ("watch", .null),
                ("level", .string(level.rawValue)),
                ("watches", empty),
                ("story", .null),
                ("kind", .string("feed-health")),
                ("story_alert_id", .null),
                ("title", .string(title)),
                ("link", .string(state.currentURL ?? state.url)),
                ("id", .null),
                ("key", .null),
                ("published", .null),
                ("feed", .string(state.url)),
                ("feed_title", .optional(feedName)),
                ("entities", empty),
                ("terms", empty),
                ("fields", empty),
                ("snippet", .optional(state.lastError)),
                ("score", .null),
                ("health", .string(word)),
                ("previous", .string(previous.rawValue)),
                ("consecutive_failures", .int(state.consecutiveFailures)),
                ("last_error", .optional(state.lastError)),
                ("last_new_item", .optional(state.lastNewItem.map(DateParser.rfc3339))),
                ("stale_after", staleAfter.map { JSONValue.int(Int($0)) } ?? .null),
            ]).serialized
    }
}
