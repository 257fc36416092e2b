import Foundation
import Glibc
import TOMLKit
import VigieFeeds
import VigieFetch
import VigieWatch

/// Reads and validates the configuration file, like `nginx -t`: every problem is reported with file, line and key,
/// and unknown keys are errors (a typo must not silently do nothing).
public enum ConfigLoader {
    /// Loads the configuration at `path`.
    public static func load(path: String) throws(ConfigErrors) -> Config {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "it is not a regular file"
            throw ConfigErrors(errors: [ConfigError(file: path, message: "cannot read the configuration: \(kind)")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = access(path, F_OK) == 0 ? String(cString: strerror(EACCES)) : String(cString: strerror(ENOENT))
            throw ConfigErrors(errors: [ConfigError(file: path, message: "cannot read the configuration: \(reason)")])
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw ConfigErrors(errors: [ConfigError(file: path, message: "the configuration is not valid UTF-8")])
        }
        return try parse(source, path: path)
    }

    /// Validates configuration text that came from `path` (relative paths resolve against its folder).
    public static func parse(_ source: String, path: String) throws(ConfigErrors) -> Config {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw ConfigErrors(errors: [
                ConfigError(
                    file: path, line: error.source.begin.line,
                    message: "invalid TOML at column \(error.source.begin.column): \(error.description)")
            ])
        } catch {
            throw ConfigErrors(errors: [ConfigError(file: path, message: "invalid TOML: \(error)")])
        }
        var reader = Reader(path: path, locator: TOMLSourceMap(source))
        let config = reader.read(table)
        guard reader.errors.isEmpty, let config else { throw ConfigErrors(errors: reader.errors) }
        return config
    }

}

/// One pass over a parsed TOML table, collecting errors.
private struct Reader {
    let path: String
    let locator: TOMLSourceMap
    var errors: [ConfigError] = []
    let folder: String

    init(path: String, locator: TOMLSourceMap) {
        self.path = path
        self.locator = locator
        self.folder = (path as NSString).deletingLastPathComponent
    }

    mutating func fail(_ key: String, in table: String = "", _ message: String) {
        let dotted = table.isEmpty ? key : "\(table).\(key)"
        errors.append(ConfigError(file: path, line: line(of: key, in: table), key: dotted, message: message))
    }

    /// The line of `key` in `table` (`""` for the top level, `fetch`, `feed[2]`); the table's own line when the key
    /// is not written; 0 when neither is.
    func line(of key: String, in table: String = "") -> Int {
        var steps: [TOMLSourceMap.Step] = []
        if !table.isEmpty {
            if let bracket = table.firstIndex(of: "["),
                let index = Int(table[table.index(after: bracket)...].dropLast())
            {
                steps = [.key(String(table[..<bracket])), .index(index)]
            } else {
                steps = [.key(table)]
            }
        }
        return locator.keyPosition(steps + [.key(key)])?.line ?? 0
    }

    mutating func checkKeys(_ table: TOMLTable, known: [String], in name: String = "") {
        for key in table.keys where !known.contains(key) {
            fail(key, in: name, "unknown key; the keys here are \(known.joined(separator: ", "))")
        }
    }

    mutating func string(_ table: TOMLTable, _ key: String, in name: String = "") -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else {
            fail(key, in: name, "must be a string, not \(value.type)")
            return nil
        }
        return string
    }

    mutating func duration(_ table: TOMLTable, _ key: String, in name: String = "") -> Double? {
        if let number = table[key]?.int {
            fail(key, in: name, "write the duration with its unit, like \"\(number)s\" or \"\(number)m\"")
            return nil
        }
        guard let text = string(table, key, in: name) else { return nil }
        guard let seconds = ConfigValues.duration(text) else {
            fail(key, in: name, "\"\(text)\" is not a duration; write it like \"90s\", \"15m\", \"1h\" or \"1d\"")
            return nil
        }
        return seconds
    }

    mutating func size(_ table: TOMLTable, _ key: String, in name: String = "") -> Int? {
        if let number = table[key]?.int {
            guard number > 0 else {
                fail(key, in: name, "\(number) is not a size; write a positive size like \"512KiB\" or \"10MiB\"")
                return nil
            }
            return number
        }
        guard let text = string(table, key, in: name) else { return nil }
        guard let bytes = ConfigValues.size(text), bytes > 0 else {
            fail(key, in: name, "\"\(text)\" is not a size; write it like \"512KiB\" or \"10MiB\"")
            return nil
        }
        return bytes
    }

    mutating func positiveInt(_ table: TOMLTable, _ key: String, in name: String = "") -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, number > 0 else {
            fail(key, in: name, "must be a positive whole number")
            return nil
        }
        return number
    }

    mutating func bool(_ table: TOMLTable, _ key: String, in name: String = "") -> Bool? {
        guard let value = table[key] else { return nil }
        guard let flag = value.bool else {
            fail(key, in: name, "must be true or false")
            return nil
        }
        return flag
    }

    mutating func subtable(_ table: TOMLTable, _ key: String) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else {
            fail(key, "must be a table ([\(key)])")
            return nil
        }
        return sub
    }

    func resolve(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (folder as NSString).appendingPathComponent(relative)
    }

    mutating func read(_ root: TOMLTable) -> Config? {
        checkKeys(
            root,
            known: ["state_dir", "alert_log", "watchlists", "feeds_opml", "log_level", "defaults", "fetch", "feed"])
        let stateDirectory = resolve(string(root, "state_dir") ?? "/var/lib/vigie")
        let alertLog = resolve(string(root, "alert_log") ?? "/var/log/vigie/alerts.jsonl")
        let logLevel = string(root, "log_level") ?? "info"
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            fail("log_level", "must be one of debug, info, notice, warning, error")
        }
        var interval = 15.0 * 60
        var backlog = 24.0 * 3600
        if let defaults = subtable(root, "defaults") {
            checkKeys(defaults, known: ["interval", "backlog"], in: "defaults")
            interval = duration(defaults, "interval", in: "defaults") ?? interval
            backlog = duration(defaults, "backlog", in: "defaults") ?? backlog
        }
        let fetch = readFetch(root)
        let watchlists = readWatchlists(root)
        var feeds = readFeeds(root, defaultInterval: interval)
        if let opml = string(root, "feeds_opml") {
            feeds += readOPML(resolve(opml), defaultInterval: interval, known: Set(feeds.map(\.url)))
        }
        if feeds.isEmpty {
            errors.append(
                ConfigError(
                    file: path, message: "no feed is configured; add a [[feed]] table with a url, or feeds_opml"))
        }
        return Config(
            path: path, stateDirectory: stateDirectory, alertLog: alertLog, watchlistFiles: watchlists,
            interval: interval, backlog: backlog, fetch: fetch, feeds: feeds, logLevel: logLevel)
    }

    mutating func readFetch(_ root: TOMLTable) -> FetchOptions {
        var options = FetchOptions()
        guard let fetch = subtable(root, "fetch") else { return options }
        let name = "fetch"
        checkKeys(
            fetch,
            known: [
                "concurrency", "per_host", "connect_timeout", "timeout", "max_body", "user_agent", "ca_file",
                "low_speed_limit", "low_speed_time",
            ], in: name)
        options.concurrency = positiveInt(fetch, "concurrency", in: name) ?? options.concurrency
        options.perHost = positiveInt(fetch, "per_host", in: name) ?? options.perHost
        options.connectTimeout = duration(fetch, "connect_timeout", in: name) ?? options.connectTimeout
        options.timeout = duration(fetch, "timeout", in: name) ?? options.timeout
        options.maxBody = size(fetch, "max_body", in: name) ?? options.maxBody
        options.userAgent = string(fetch, "user_agent", in: name) ?? options.userAgent
        options.lowSpeedLimit = size(fetch, "low_speed_limit", in: name) ?? options.lowSpeedLimit
        options.lowSpeedTime =
            duration(fetch, "low_speed_time", in: name).map { Int($0.rounded(.up)) }
            ?? options.lowSpeedTime
        if let caFile = string(fetch, "ca_file", in: name) {
            let resolved = resolve(caFile)
            if access(resolved, R_OK) != 0 {
                fail("ca_file", in: name, "cannot read \(resolved): \(String(cString: strerror(errno)))")
            }
            options.caFile = resolved
        }
        return options
    }

    mutating func readWatchlists(_ root: TOMLTable) -> [String] {
        var patterns = ["watchlists/*.toml"]
        if let value = root["watchlists"] {
            if let array = value.array {
                patterns = []
                for element in array {
                    if let text = element.string {
                        patterns.append(text)
                    } else {
                        fail("watchlists", "must be a list of paths or globs, like [\"watchlists/*.toml\"]")
                    }
                }
            } else {
                fail("watchlists", "must be a list of paths or globs, like [\"watchlists/*.toml\"]")
            }
        }
        var files: [String] = []
        for pattern in patterns {
            let matches = Glob.expand(resolve(pattern))
            if matches.isEmpty {
                fail("watchlists", "\"\(pattern)\" matches no file (looked for \(resolve(pattern)))")
            }
            for file in matches where !files.contains(file) { files.append(file) }
        }
        return files
    }

    mutating func readFeeds(_ root: TOMLTable, defaultInterval: Double) -> [FeedConfig] {
        guard let value = root["feed"] else { return [] }
        guard let array = value.array else {
            fail("feed", "must be written as [[feed]] tables")
            return []
        }
        var feeds: [FeedConfig] = []
        for (index, element) in array.enumerated() {
            let name = "feed[\(index)]"
            guard let table = element.table else {
                fail("feed", "must be written as [[feed]] tables")
                continue
            }
            checkKeys(table, known: ["url", "name", "interval", "enabled", "headers", "user_agent"], in: name)
            guard let url = string(table, "url", in: name) else {
                if table["url"] == nil { fail("url", in: name, "every [[feed]] needs a url") }
                continue
            }
            let lowered = url.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("file:") else {
                fail("url", in: name, "\"\(url)\" is not an http, https or file URL")
                continue
            }
            if feeds.contains(where: { $0.url == url }) {
                fail("url", in: name, "\"\(url)\" is configured twice; remove one")
                continue
            }
            var headers: [String: String] = [:]
            if let headerValue = table["headers"] {
                if let headerTable = headerValue.table {
                    for key in headerTable.keys {
                        if let text = headerTable[key]?.string {
                            headers[key] = text
                        } else {
                            fail("headers", in: name, "header \(key) must be a string")
                        }
                    }
                } else {
                    fail("headers", in: name, "must be a table, like headers = { Authorization = \"Bearer …\" }")
                }
            }
            feeds.append(
                FeedConfig(
                    url: url, name: string(table, "name", in: name),
                    interval: duration(table, "interval", in: name) ?? defaultInterval,
                    enabled: bool(table, "enabled", in: name) ?? true, headers: headers,
                    userAgent: string(table, "user_agent", in: name),
                    origin: "\(path):\(line(of: "url", in: name))"))
        }
        return feeds
    }

    mutating func readOPML(_ file: String, defaultInterval: Double, known: Set<String>) -> [FeedConfig] {
        guard let data = FileManager.default.contents(atPath: file) else {
            fail("feeds_opml", "cannot read \(file): \(String(cString: strerror(errno)))")
            return []
        }
        let outlines: [OPMLOutline]
        do {
            outlines = try OPMLParser.parse([UInt8](data))
        } catch {
            fail("feeds_opml", "\(file) is not a usable OPML file: \(error.message)")
            return []
        }
        var seen = known
        return outlines.compactMap { outline in
            guard !seen.contains(outline.url) else { return nil }
            seen.insert(outline.url)
            return FeedConfig(
                url: outline.url, name: outline.title, interval: defaultInterval, enabled: true, headers: [:],
                userAgent: nil, origin: file)
        }
    }
}
