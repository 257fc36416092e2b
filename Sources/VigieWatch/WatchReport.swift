/// What one watch made of one item, for `--explain`: its match, if it fired, and its near misses.
public struct WatchReport: Sendable, Equatable {
    /// The watch's name.
    public var watch: String
    /// The match, when the watch fired.
    public var match: Match?
    /// What was found but did not count, and why (also when the watch fired on other evidence).
    public var nearMisses: [NearMiss]

    /// Creates a report.
    public init(watch: String, match: Match?, nearMisses: [NearMiss]) {
        self.watch = watch
        self.match = match
        self.nearMisses = nearMisses
    }
}
