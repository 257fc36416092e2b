import VigieWatch

/// Everything the daemon runs with, validated together: the configuration, the watchlists it names, and the
/// matcher compiled from them. A reload builds a new one and swaps it in only if it is whole.
public struct LoadedConfig: Sendable {
    /// The configuration.
    public var config: Config
    /// The watchlists, merged.
    public var watchlist: Watchlist
    /// The matcher compiled from them (one automaton for every phrase of every watch).
    public var matcher: Matcher

    /// Loads and validates the configuration at `path` and every watchlist it names.
    ///
    /// - Throws: ``ConfigErrors`` with every problem found, located by file, line and key.
    public static func load(path: String) throws(ConfigErrors) -> LoadedConfig {
        let config = try ConfigLoader.load(path: path)
        do {
            let watchlist = try WatchlistLoader().load(config.watchlistFiles)
            let matcher = try Matcher(watchlist: watchlist)
            return LoadedConfig(config: config, watchlist: watchlist, matcher: matcher)
        } catch {
            throw ConfigErrors(errors: [
                ConfigError(file: error.file, line: error.line ?? 0, key: "", message: error.description)
            ])
        }
    }
}
