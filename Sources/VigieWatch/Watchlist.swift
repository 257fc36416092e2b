/// A set of watches, usually read from one or more TOML files (see ``Watchlist/parse(_:file:)`` and
/// ``WatchlistLoader``).
public struct Watchlist: Sendable, Hashable {
    /// The watches, in file order.
    public var watches: [Watch]

    /// Creates a watchlist.
    public init(watches: [Watch]) {
        self.watches = watches
    }

    /// The number of phrases of all watches together.
    public var phraseCount: Int {
        watches.reduce(0) { $0 + $1.phraseCount }
    }
}
