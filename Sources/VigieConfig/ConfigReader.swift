import Foundation
import Glibc
import TOMLKit
import VigieFeeds
import VigieFetch

/// One pass over `vigie.toml`: every key checked, every default applied, every relative path resolved against the
/// file's folder, and every problem recorded in the ``TOMLDocument`` (see the README's configuration reference).
struct ConfigReader {
    /// The file, and the problems found in it.
    var document: TOMLDocument
    /// Problems that do not stop the configuration from working (a secret file others may read).
    var warnings: [ConfigError] = []
    private let folder: String

    /// The `log_level` names, lowest first.
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    private static let rootKeys = [
        "state_dir", "alert_log", "watchlists", "feeds_opml", "log_level", "metrics_file", "defaults", "fetch",
        "stories", "state", "health", "feed", "sink",
    ]
    private static let fetchKeys = [
        "concurrency", "per_host", "connect_timeout", "timeout", "max_body", "user_agent", "ca_file",
        "low_speed_limit", "low_speed_time",
    ]
    private static let feedKeys = ["url", "name", "interval", "enabled", "headers", "user_agent", "stale_after"]
    private static let watchlistsShape = "a list of paths or globs, like [\"watchlists/*.toml\"]"

    /// Prepares to read `document`.
    init(_ document: TOMLDocument) {
        self.document = document
        folder = (document.file as NSString).deletingLastPathComponent
    }

    /// The configuration, with the defaults of every key that is missing or wrong (the problems say which).
    mutating func read() -> Config {
        let root = document.root
        document.checkKeys(root, at: .root, known: Self.rootKeys)
        let stateDirectory = resolve(document.string(root, "state_dir", at: .root) ?? "/var/lib/vigie")
        let alertLog = resolve(document.string(root, "alert_log", at: .root) ?? "/var/log/vigie/alerts.jsonl")
        var logLevel = document.string(root, "log_level", at: .root) ?? "info"
        if !Self.logLevels.contains(logLevel) {
            document.report(
                .invalidValue, at: TOMLPath.root.key("log_level"),
                "\"\(logLevel)\" is not a log level; use one of \(Self.logLevels.joined(separator: ", "))")
            logLevel = "info"
        }
        var interval = 15.0 * 60
        var backlog = 24.0 * 3600
        var staleAfter: Double?
        if let defaults = document.table(root, "defaults", at: .root, expected: "a table ([defaults])") {
            let path = TOMLPath.root.key("defaults")
            document.checkKeys(defaults, at: path, known: ["interval", "backlog", "stale_after"])
            interval = document.duration(defaults, "interval", at: path) ?? interval
            backlog = document.duration(defaults, "backlog", at: path) ?? backlog
            staleAfter = document.durationOrOff(defaults, "stale_after", at: path).flatMap { $0 > 0 ? $0 : nil }
        }
        let metricsFile = document.string(root, "metrics_file", at: .root).map(resolve)
        let state = readState(root)
        let health = readHealth(root)
        let fetch = readFetch(root)
        let stories = readStories(root)
        let sinks = readSinks(root)
        let watchlists = readWatchlists(root)
        let problemsBeforeFeeds = document.problems.count
        var feeds = readFeeds(root, defaultInterval: interval, defaultStaleAfter: staleAfter)
        if let opml = document.string(root, "feeds_opml", at: .root) {
            feeds += readOPML(
                resolve(opml), defaultInterval: interval, defaultStaleAfter: staleAfter, known: Set(feeds.map(\.url)))
        }
        // When the feeds written are all wrong, their problems say so already.
        if feeds.isEmpty && document.problems.count == problemsBeforeFeeds {
            document.report(
                .missingKey, at: .root, "no feed is configured; add a [[feed]] table with a url, or feeds_opml")
        }
        return Config(
            path: document.file, stateDirectory: stateDirectory, alertLog: alertLog, watchlistFiles: watchlists,
            interval: interval, backlog: backlog, fetch: fetch, stories: stories, feeds: feeds, sinks: sinks,
            metricsFile: metricsFile, state: state, health: health, logLevel: logLevel, warnings: warnings)
    }

    func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
    }

    /// Records a warning at `path`.
    mutating func warn(at path: TOMLPath, _ message: String) {
        let place = document.position(of: path)
        warnings.append(
            ConfigError(
                code: .insecure, file: document.file, line: place?.line, column: place?.column, key: path.description,
                message: message))
    }

    private mutating func readState(_ root: TOMLTable) -> StateSettings {
        var settings = StateSettings()
        guard let table = document.table(root, "state", at: .root, expected: "a table ([state])") else {
            return settings
        }
        let path = TOMLPath.root.key("state")
        document.checkKeys(table, at: path, known: ["keep_text", "keep_text_max"])
        settings.keepText = document.durationOrOff(table, "keep_text", at: path) ?? settings.keepText
        settings.keepTextMax = document.size(table, "keep_text_max", at: path) ?? settings.keepTextMax
        return settings
    }

    private mutating func readHealth(_ root: TOMLTable) -> HealthSettings {
        var settings = HealthSettings()
        guard let table = document.table(root, "health", at: .root, expected: "a table ([health])") else {
            return settings
        }
        let path = TOMLPath.root.key("health")
        document.checkKeys(table, at: path, known: ["failures"])
        settings.failures = document.positiveInteger(table, "failures", at: path) ?? settings.failures
        return settings
    }

    private mutating func readStories(_ root: TOMLTable) -> StorySettings {
        var settings = StorySettings()
        guard let table = document.table(root, "stories", at: .root, expected: "a table ([stories])") else {
            return settings
        }
        let path = TOMLPath.root.key("stories")
        document.checkKeys(table, at: path, known: ["window", "coverage"])
        settings.window = document.duration(table, "window", at: path) ?? settings.window
        if let coverage = document.string(table, "coverage", at: path) {
            if let value = StorySettings.Coverage(rawValue: coverage) {
                settings.coverage = value
            } else {
                document.report(
                    .invalidValue, at: path.key("coverage"),
                    "\"\(coverage)\" is not a coverage mode; use \"log\" (write each later item of a story) or "
                        + "\"drop\" (write only the first)")
            }
        }
        return settings
    }

    private mutating func readFetch(_ root: TOMLTable) -> FetchOptions {
        var options = FetchOptions()
        guard let fetch = document.table(root, "fetch", at: .root, expected: "a table ([fetch])") else {
            return options
        }
        let path = TOMLPath.root.key("fetch")
        document.checkKeys(fetch, at: path, known: Self.fetchKeys)
        options.concurrency = document.positiveInteger(fetch, "concurrency", at: path) ?? options.concurrency
        options.perHost = document.positiveInteger(fetch, "per_host", at: path) ?? options.perHost
        options.connectTimeout = document.duration(fetch, "connect_timeout", at: path) ?? options.connectTimeout
        options.timeout = document.duration(fetch, "timeout", at: path) ?? options.timeout
        options.maxBody = document.size(fetch, "max_body", at: path) ?? options.maxBody
        options.userAgent = document.string(fetch, "user_agent", at: path) ?? options.userAgent
        options.lowSpeedLimit = document.size(fetch, "low_speed_limit", at: path) ?? options.lowSpeedLimit
        options.lowSpeedTime =
            document.duration(fetch, "low_speed_time", at: path).map { Int($0.rounded(.up)) } ?? options.lowSpeedTime
        if let caFile = document.string(fetch, "ca_file", at: path) {
            let resolved = resolve(caFile)
            if access(resolved, R_OK) != 0 {
                let reason = String(cString: strerror(errno))
                document.report(.unreadable, at: path.key("ca_file"), "cannot read \(resolved): \(reason)")
            }
            options.caFile = resolved
        }
        return options
    }

    /// The watchlist files the `watchlists` patterns name, in pattern order, each once.
    private mutating func readWatchlists(_ root: TOMLTable) -> [String] {
        let key = TOMLPath.root.key("watchlists")
        var patterns = [(text: "watchlists/*.toml", path: key)]
        if let array = document.array(root, "watchlists", at: .root, expected: Self.watchlistsShape) {
            patterns = []
            for (index, element) in array.enumerated() {
                if let text = element.string {
                    patterns.append((text, key.index(index)))
                } else {
                    document.report(
                        .wrongType, at: key.index(index),
                        "must be a path or glob (a string), not \(TOMLDocument.describe(element))")
                }
            }
        }
        var files: [String] = []
        for pattern in patterns {
            let matches = Glob.expand(resolve(pattern.text))
            if matches.isEmpty {
                document.report(
                    .unreadable, at: pattern.path,
                    "\"\(pattern.text)\" matches no file (looked for \(resolve(pattern.text)))")
            }
            for file in matches where !files.contains(file) { files.append(file) }
        }
        return files
    }

    private mutating func readFeeds(_ root: TOMLTable, defaultInterval: Double, defaultStaleAfter: Double?)
        -> [FeedConfig]
    {
        let key = TOMLPath.root.key("feed")
        guard let array = document.array(root, "feed", at: .root, expected: "written as [[feed]] tables") else {
            return []
        }
        var feeds: [FeedConfig] = []
        var firsts: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            let path = key.index(index)
            guard let table = element.table else {
                document.report(
                    .wrongType, at: path,
                    "must be a [[feed]] table, not \(TOMLDocument.describe(element))")
                continue
            }
            document.checkKeys(table, at: path, known: Self.feedKeys)
            let name = document.string(table, "name", at: path)
            let interval = document.duration(table, "interval", at: path) ?? defaultInterval
            let enabled = document.bool(table, "enabled", at: path) ?? true
            let userAgent = document.string(table, "user_agent", at: path)
            let staleAfter = document.durationOrOff(table, "stale_after", at: path).map { $0 > 0 ? $0 : nil }
            let headers = readHeaders(table, at: path)
            guard let url = document.string(table, "url", at: path) else {
                if table["url"] == nil {
                    document.report(.missingKey, at: path.key("url"), "every [[feed]] needs a url")
                }
                continue
            }
            let lowered = url.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file:") else {
                document.report(.invalidValue, at: path.key("url"), "\"\(url)\" is not an http, https or file URL")
                continue
            }
            if let first = firsts[url] {
                document.report(
                    .duplicateName, at: path.key("url"),
                    "\"\(url)\" is configured twice (first as \(key.index(first))); remove one")
                continue
            }
            firsts[url] = index
            let line = document.position(of: path.key("url"))?.line
            feeds.append(
                FeedConfig(
                    url: url, name: name, interval: interval, enabled: enabled, headers: headers,
                    userAgent: userAgent, staleAfter: staleAfter ?? defaultStaleAfter,
                    origin: line.map { "\(document.file):\($0)" } ?? document.file))
        }
        return feeds
    }

    private mutating func readHeaders(_ feed: TOMLTable, at path: TOMLPath) -> [String: String] {
        let expected = "a table, like headers = { Authorization = \"Bearer …\" }"
        guard let table = document.table(feed, "headers", at: path, expected: expected) else { return [:] }
        var headers: [String: String] = [:]
        for key in table.keys {
            if let text = document.string(table, key, at: path.key("headers")) { headers[key] = text }
        }
        return headers
    }

    private mutating func readOPML(
        _ file: String, defaultInterval: Double, defaultStaleAfter: Double?, known: Set<String>
    ) -> [FeedConfig] {
        let key = TOMLPath.root.key("feeds_opml")
        let bytes: [UInt8]
        do {
            bytes = try FileContents.bytes(file)
        } catch {
            document.report(.unreadable, at: key, "cannot read \(file): \(error.reason)")
            return []
        }
        let outlines: [OPMLOutline]
        do {
            outlines = try OPMLParser.parse(bytes)
        } catch {
            document.report(.invalidValue, at: key, "\(file) is not a usable OPML file: \(error.message)")
            return []
        }
        var seen = known
        return outlines.compactMap { outline in
            guard !seen.contains(outline.url) else { return nil }
            seen.insert(outline.url)
            return FeedConfig(
                url: outline.url, name: outline.title, interval: defaultInterval, enabled: true, headers: [:],
                userAgent: nil, staleAfter: defaultStaleAfter, origin: file)
        }
    }
}
