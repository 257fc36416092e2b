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
        let watchlist = try files.watchlist()
        let names = Set(watchlist.watches.map(\.name))
        var unknown: [ConfigError] = []
        for sink in config.sinks {
            for watch in sink.watches ?? [] where !names.contains(watch) {
                let line = sink.origin.split(separator: ":").last.flatMap { Int($0) }
                unknown.append(
                    ConfigError(
                        code: .invalidValue, file: config.path, line: line, key: "sink \"\(sink.name)\".watches",
                        message: "no watchlist has a watch named \"\(watch)\"; the watches are "
                            + names.sorted().joined(separator: ", ")))
            }
        }
        guard unknown.isEmpty else { throw ConfigErrors(errors: unknown) }
        return LoadedConfig(config: config, watchlist: watchlist, matcher: matcher)
    }
}
