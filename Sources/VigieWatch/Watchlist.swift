/// A set of watches: what a matcher is compiled from. VigieConfig reads them from TOML watchlist files; tests and
/// benchmarks build them in code.
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
