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
    /// The watchlists are read even when the configuration has problems, so that one check reports them all.
    ///
    /// - Throws: ``ConfigErrors`` with every problem found, the configuration's first, then each watchlist file's,
    ///   each placed at its file, line, column and key.
    public static func load(path: String) throws(ConfigErrors) -> LoadedConfig {
        let reading = ConfigLoader.read(path: path)
        var files = WatchlistFiles()
        for file in reading.config?.watchlistFiles ?? [] { files.add(file: file) }
        let problems = reading.problems + files.problems
        guard problems.isEmpty, let config = reading.config else { throw ConfigErrors(errors: problems) }
        let matcher = try files.matcher()
        return LoadedConfig(config: config, watchlist: try files.watchlist(), matcher: matcher)
    }
}
