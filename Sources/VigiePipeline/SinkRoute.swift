import VigieStories
import VigieWatch

/// Which alerts go to one sink (a `[[sink]]`'s filters): a pure value, so the pipeline names an alert's sinks when
/// it makes the alert, and the store records the deliveries with it.
public struct SinkRoute: Sendable, Equatable {
    /// The sink's name.
    public var name: String
    /// The watches whose alerts go there (`nil`: every watch).
    public var watches: Set<String>?
    /// The least urgent level that goes there.
    public var minLevel: WatchLevel
    /// The kinds of line that go there (`story`, `coverage`, `feed-health`).
    public var kinds: Set<String>

    /// Creates a route.
    public init(
        name: String, watches: Set<String>? = nil, minLevel: WatchLevel = .notice, kinds: Set<String> = ["story"]
    ) {
        self.name = name
        self.watches = watches
        self.minLevel = minLevel
        self.kinds = kinds
    }

    /// Whether an alert goes to this sink: its kind is one the sink takes, and one of the watches that fired
    /// (`fired`: each watch with its level) is the sink's (or the sink takes every watch) at a level at least as
    /// urgent as ``minLevel``. The level is that of the sink's own watches: an alert that fired a sink's watch at
    /// `info` and another watch at `alert` goes to a sink of `min_level = "warning"` only if that sink takes the
    /// other watch too.
    public func accepts(_ fired: [(watch: String, level: WatchLevel)], kind: StoryAssignment.Kind) -> Bool {
        guard kinds.contains(kind.rawValue) else { return false }
        let urgency = WatchLevel.allCases  // most urgent first
        let floor = urgency.firstIndex(of: minLevel) ?? urgency.count
        return fired.contains { watch, level in
            (watches?.contains(watch) ?? true) && (urgency.firstIndex(of: level) ?? urgency.count) <= floor
        }
    }

    /// Whether a `feed-health` line of `level` goes to this sink: the sink takes that kind, at that level. Its
    /// `watches` do not apply: a feed's health concerns every watch.
    public func acceptsFeedHealth(level: WatchLevel) -> Bool {
        guard kinds.contains("feed-health") else { return false }
        let urgency = WatchLevel.allCases  // most urgent first
        return (urgency.firstIndex(of: level) ?? urgency.count) <= (urgency.firstIndex(of: minLevel) ?? urgency.count)
    }
}
