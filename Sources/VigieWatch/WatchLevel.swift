/// How urgent an alert of a watch is, from the watchlist's `level` key.
public enum WatchLevel: String, Sendable, Hashable, CaseIterable {
    /// Needs attention now.
    case alert
    /// Worth a look soon.
    case warning
    /// Worth knowing (the default).
    case notice
    /// For the record.
    case info
}
