import VigieFetch

/// The daemon's configuration, validated: what `/etc/vigie/vigie.toml` says, with every default applied and every
/// relative path resolved against the config file's folder. See the README's configuration reference.
public struct Config: Sendable, Equatable {
    /// The configuration file this came from.
    public var path: String
    /// Where the state database lives (`state_dir`, default `/var/lib/vigie`).
    public var stateDirectory: String
    /// The JSON Lines alert log (`alert_log`, default `/var/log/vigie/alerts.jsonl`).
    public var alertLog: String
    /// The watchlist files, glob patterns expanded, in order (`watchlists`, default `["watchlists/*.toml"]`).
    public var watchlistFiles: [String]
    /// The default polling interval, in seconds (`[defaults] interval`, default 15 minutes).
    public var interval: Double
    /// How old an item may be and still alert on a feed's first poll, in seconds (`[defaults] backlog`, 24 h).
    public var backlog: Double
    /// The fetcher's limits (`[fetch]`).
    public var fetch: FetchOptions
    /// One alert per story (`[stories]`).
    public var stories: StorySettings
    /// The feeds, from `[[feed]]` tables then `feeds_opml`, duplicates removed.
    public var feeds: [FeedConfig]
    /// Where alerts are delivered beside the log (`[[sink]]` tables), in file order.
    public var sinks: [SinkConfig]
    /// Where the Prometheus metrics are written after every cycle (`metrics_file`), `nil`: not written.
    public var metricsFile: String?
    /// What the state keeps for the operator (`[state]`).
    public var state: StateSettings
    /// When a feed's health turns bad (`[health]`).
    public var health: HealthSettings
    /// The lowest level of operational log lines written (`log_level`, default `info`): one of `trace`, `debug`,
    /// `info`, `notice`, `warning`, `error`, `critical`.
    public var logLevel: String
    /// What works but should be mended (a secret file others may read): `vigie config check` prints these, the
    /// daemon logs them.
    public var warnings: [ConfigError]

    /// The default configuration file.
    public static let defaultPath = "/etc/vigie/vigie.toml"
}

/// How the daemon groups alerts into stories (`[stories]`).
public struct StorySettings: Sendable, Equatable {
    /// What happens to the later items of a story.
    public enum Coverage: String, Sendable, Equatable, CaseIterable {
        /// Each is written to the alert log with `"kind": "coverage"` (the default).
        case log
        /// None is written; only the item that opened the story is.
        case drop
    }

    /// How long a story stays open after its latest item, in seconds (`window`, default 72 hours).
    public var window: Double
    /// What is written of the items that join an open story (`coverage`, default `log`).
    public var coverage: Coverage

    /// The defaults: a 72-hour window, coverage logged.
    public init(window: Double = 72 * 3600, coverage: Coverage = .log) {
        self.window = window
        self.coverage = coverage
    }
}

/// What the state keeps for the operator's tools (`[state]`).
public struct StateSettings: Sendable, Equatable {
    /// How long the text of each new item is kept for `vigie backtest`, in seconds (`keep_text`, default 30 days;
    /// 0: `"off"`, none kept).
    public var keepText: Double
    /// The most the kept texts may take, in bytes (`keep_text_max`, default 256 MiB): the oldest go first.
    public var keepTextMax: Int

    /// The defaults: 30 days, at most 256 MiB.
    public init(keepText: Double = 30 * 86_400, keepTextMax: Int = 256 << 20) {
        self.keepText = keepText
        self.keepTextMax = keepTextMax
    }
}

/// When a feed's health turns bad (`[health]`; `stale_after` is per feed).
public struct HealthSettings: Sendable, Equatable {
    /// How many failed polls in a row make a feed `failing` (`failures`, default 5).
    public var failures: Int

    /// The default: 5 failures in a row.
    public init(failures: Int = 5) {
        self.failures = failures
    }
}

/// One feed of the configuration.
public struct FeedConfig: Sendable, Equatable {
    /// The feed's URL (http, https or file).
    public var url: String
    /// A name for logs and alerts (default: the URL).
    public var name: String?
    /// This feed's polling interval in seconds (default: `[defaults] interval`).
    public var interval: Double
    /// Whether the feed is polled (default true).
    public var enabled: Bool
    /// Extra request headers.
    public var headers: [String: String]
    /// A User-Agent for this feed only.
    public var userAgent: String?
    /// How long the feed may bring no new item before it is `stale`, in seconds (`stale_after`, per feed or in
    /// `[defaults]`); `nil`: never (the default).
    public var staleAfter: Double?
    /// Where in the configuration the feed was defined, for messages ("vigie.toml:42" or "feeds.opml").
    public var origin: String
}
