import Foundation
import Glibc
import Testing
import VigieTestSupport
import VigieWatch

@testable import VigieConfig

/// glibc's `setfsuid(2)`, which Swift's Glibc module does not export: found at run time.
private let setfsuid: @convention(c) (UInt32) -> Int32 = {
    guard let symbol = dlsym(nil, "setfsuid") else { fatalError("setfsuid is missing from the C library") }
    return unsafeBitCast(symbol, to: (@convention(c) (UInt32) -> Int32).self)
}()

/// A temporary folder holding a configuration `vigie.toml` with one feed and the given watchlist files.
private struct ConfigFolder {
    let url: URL
    var configPath: String { url.appendingPathComponent("vigie.toml").path }

    init(watchlists: [String: String], config: String? = nil) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-hostile-\(UUID())")
        try FileManager.default.createDirectory(
            at: url.appendingPathComponent("watchlists"), withIntermediateDirectories: true)
        for (name, text) in watchlists {
            try text.write(to: url.appendingPathComponent("watchlists/\(name)"), atomically: true, encoding: .utf8)
        }
        try (config ?? "[[feed]]\nurl = \"https://a.example/rss\"\n").write(
            toFile: url.appendingPathComponent("vigie.toml").path, atomically: true, encoding: .utf8)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// The errors of `LoadedConfig.load`, with the folder's path replaced by `DIR`, or `[]` when it loads.
    func loadErrors() -> [String] {
        do {
            _ = try LoadedConfig.load(path: configPath)
            return []
        } catch {
            return error.errors.map { $0.description.replacingOccurrences(of: url.path, with: "DIR") }
        }
    }
}

/// Hostile configuration and watchlists (issue 6): every kind of TOML error, wrong types, unknown keys, odd
/// watchlists, 100,000 keywords, and files that are missing, directories or unreadable. Every case gives one clear
/// `file:line:column: key: message` message, or loads.
@Suite struct HostileConfigTests {
    /// The messages `ConfigLoader.parse` gives for `source`, with the path shown as `vigie.toml`.
    private func errors(_ source: String) throws -> [String] {
        let folder = try ConfigFolder(watchlists: ["t.toml": "[[watch]]\nname = \"t\"\nany = [\"widget\"]\n"])
        defer { folder.remove() }
        do {
            _ = try ConfigLoader.parse(source, path: folder.configPath)
            return []
        } catch {
            return error.errors.map { $0.description.replacingOccurrences(of: folder.configPath, with: "vigie.toml") }
        }
    }

    // MARK: - TOML syntax

    @Test(arguments: [
        ("state_dir = \"/tmp\n[[feed]]\nurl = \"https://a.example/\"\n", 1),
        ("state_dir = /tmp\n", 1),
        ("[[feed]]\nurl = \"https://a.example/\"\nurl = \"https://b.example/\"\n", 3),
        ("[fetch]\ntimeout = \"5s\"\n[fetch]\nconcurrency = 2\n", 3),
        ("[fetch\n", 1),
        ("[[feed]\nurl = \"x\"\n", 1),
        ("state_dir = \"\\q\"\n", 1),
        ("a b = 1\n", 1),
        ("state_dir =\n", 1),
        ("= \"x\"\n", 1),
        ("[fetch]\nconcurrency = 0x\n", 2),
        ("[fetch]\nconcurrency = 1_\n", 2),
        ("[[feed]]\nheaders = { A = \"x\"\n", 2),
        ("watchlists = [\"a\",,]\n", 1),
        ("fetch = 1\n[fetch]\nconcurrency = 2\n", 2),
        ("log_level = \"info\" extra\n", 1),
        ("state_dir = '''never closed\n", 1),
        ("x = 1979-13-45\n", 1),
    ])
    func everyKindOfTOMLErrorIsOneLocatedMessage(source: String, line: Int) throws {
        let found = try errors(source)
        #expect(found.count == 1, "\(found)")
        // vigie.toml:LINE:COLUMN: invalid TOML: …
        let rest = found.first?.dropFirst("vigie.toml:\(line):".count) ?? ""
        let column = rest.prefix { $0.isNumber }
        #expect(found.first?.hasPrefix("vigie.toml:\(line):") == true, "\(found)")
        #expect(Int(column).map { $0 > 0 } == true, "\(found)")
        #expect(rest.dropFirst(column.count).hasPrefix(": invalid TOML: "), "\(found)")
    }

    // MARK: - Types and keys

    /// One configuration line per case, with the problem it gives (`LINE:COLUMN: KEY: MESSAGE`); a feed is added
    /// after it so that only the line under test is wrong.
    @Test(arguments: [
        ("state_dir = 3", "1:1: state_dir: must be a string, not an integer"),
        (
            "log_level = \"loud\"",
            "1:1: log_level: \"loud\" is not a log level; use one of trace, debug, info, notice, warning, error, critical"
        ),
        (
            "watchlists = \"watchlists/*.toml\"",
            "1:1: watchlists: must be a list of paths or globs, like [\"watchlists/*.toml\"], not a string"
        ),
        ("watchlists = [3]", "1:15: watchlists[0]: must be a path or glob (a string), not an integer"),
        ("defaults = 3", "1:1: defaults: must be a table ([defaults]), not an integer"),
        (
            "[defaults]\ninterval = true",
            "2:1: defaults.interval: must be a duration such as \"90s\" or \"15m\", not a boolean"
        ),
        ("[fetch]\nconcurrency = \"32\"", "2:1: fetch.concurrency: must be a positive whole number, not a string"),
        ("[fetch]\nconcurrency = 0", "2:1: fetch.concurrency: must be a positive whole number, not 0"),
        ("[fetch]\nper_host = -1", "2:1: fetch.per_host: must be a positive whole number, not -1"),
        (
            "[fetch]\nconcurrency = 1.5",
            "2:1: fetch.concurrency: must be a positive whole number, not a floating-point number"
        ),
        (
            "[fetch]\nmax_body = \"-5\"",
            "2:1: fetch.max_body: \"-5\" is not a size; write it like \"512KiB\" or \"10MiB\""
        ),
        (
            "[fetch]\ntimeout = \"forever\"",
            "2:1: fetch.timeout: \"forever\" is not a duration; write it like \"90s\", \"15m\", \"1h\" or \"1d\""
        ),
    ])
    func wrongTypesAreNamedWithLineColumnAndKey(source: String, problem: String) throws {
        let found = try errors(source + "\n[[feed]]\nurl = \"https://z.example/\"\n")
        #expect(found == ["vigie.toml:\(problem)"])
    }

    @Test(arguments: [
        ("[[feed]]\nurl = 3", "2:1: feed[0].url: must be a string, not an integer"),
        (
            "[[feed]]\nurl = \"https://a.example/\"\nenabled = \"yes\"",
            "3:1: feed[0].enabled: must be true or false, not a string"
        ),
        (
            "[[feed]]\nurl = \"https://a.example/\"\nheaders = \"A: b\"",
            "3:1: feed[0].headers: must be a table, like headers = { Authorization = \"Bearer …\" }, not a string"
        ),
        (
            "[[feed]]\nurl = \"https://a.example/\"\nheaders = { A = 1 }",
            "3:13: feed[0].headers.A: must be a string, not an integer"
        ),
        (
            "[[feed]]\nurl = \"https://a.example/\"\ninterval = 900",
            "3:1: feed[0].interval: write the duration with its unit, like \"900s\" or \"900m\""
        ),
        ("feed = \"https://a.example/\"", "1:1: feed: must be written as [[feed]] tables, not a string"),
    ])
    func wrongTypesInFeedsAreNamedWithLineColumnAndKey(source: String, problem: String) throws {
        // A feed that is wrong is not also reported as "no feed is configured".
        #expect(try errors(source + "\n") == ["vigie.toml:\(problem)"])
    }

    @Test func unknownKeysAtEveryLevelAreAllReported() throws {
        let found = try errors(
            """
            colour = "red"
            [defaults]
            intervall = "1h"
            [fetch]
            max_bodies = "1MiB"
            [[feed]]
            url = "https://a.example/"
            user-agent = "x"
            [extra]
            a = 1
            """)
        #expect(
            found == [
                "vigie.toml:1:1: colour: unknown key; the keys here are state_dir, alert_log, watchlists, feeds_opml, log_level, metrics_file, defaults, fetch, stories, state, health, feed, sink",
                "vigie.toml:3:1: defaults.intervall: unknown key; did you mean `interval`?",
                "vigie.toml:5:1: fetch.max_bodies: unknown key; the keys here are concurrency, per_host, connect_timeout, timeout, max_body, user_agent, ca_file, low_speed_limit, low_speed_time",
                "vigie.toml:8:1: feed[0].user-agent: unknown key; did you mean `user_agent`?",
                "vigie.toml:9:1: extra: unknown key; the keys here are state_dir, alert_log, watchlists, feeds_opml, log_level, metrics_file, defaults, fetch, stories, state, health, feed, sink",
            ])
    }

    // MARK: - Watchlists

    @Test func anEmptyWatchlistFileIsAnError() throws {
        let folder = try ConfigFolder(watchlists: ["empty.toml": ""])
        defer { folder.remove() }
        #expect(
            folder.loadErrors() == [
                "DIR/watchlists/empty.toml: no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")"
            ])
    }

    @Test(arguments: ["...", "?!", "***", "—", " ", "\u{200D}", "\u{0301}"])
    func aKeywordOfOnlyPunctuationIsRefused(keyword: String) throws {
        let toml = "[[watch]]\nname = \"p\"\nany = [\"x\", \"\(keyword)\"]\n"
        #expect(
            throws: ConfigErrors(errors: [
                ConfigError(
                    code: .invalidValue, file: "p.toml", line: 3, column: 13, key: "watch[0].any[1]",
                    message: "the phrase \"\(keyword)\" has no letter or digit to match")
            ])
        ) { try WatchlistLoader.parse(toml, path: "p.toml") }
    }

    @Test func aHundredThousandKeywordsLoadAndMatchInBoundedTime() throws {
        let keywords = (0..<100_000).map { "kw\(String($0, radix: 36))x" }
        let toml = "[[watch]]\nname = \"many\"\nany = [\n" + keywords.map { "  \"\($0)\",\n" }.joined() + "]\n"
        let folder = try ConfigFolder(watchlists: ["many.toml": toml])
        defer { folder.remove() }
        let start = ContinuousClock.now
        let config = try LoadedConfig.load(path: folder.configPath)
        let loaded = ContinuousClock.now - start
        #expect(config.matcher.phraseCount == 100_000)
        let matchStart = ContinuousClock.now
        let hits = config.matcher.match(
            MatchableItem(id: "i", title: "news about \(keywords[99_999]) and \(keywords[0])"))
        let misses = config.matcher.match(
            MatchableItem(
                id: "j", title: "kw kwx x kw0 \(keywords[5])y", content: String(repeating: "kw ", count: 10_000)))
        let matched = ContinuousClock.now - matchStart
        print("hostile-config 100,000 keywords: load \(loaded), two matches \(matched)")
        #expect(hits.map(\.terms) == [[keywords[99_999], keywords[0]]])
        #expect(misses.isEmpty)
        #expect(loaded < CPUBudget.of(.seconds(30)), "load took \(loaded)")
        #expect(matched < CPUBudget.of(.seconds(2)), "match took \(matched)")
    }

    @Test func regexLikeKeywordsAreTakenLiterally() throws {
        let m = try Matcher(
            watchlist: try WatchlistLoader.parse(
                """
                [[watch]]
                name = "alt"
                any = ["IBM|Meta"]

                [[watch]]
                name = "class"
                any = ["[A-Z]+ Corp"]

                [[watch]]
                name = "star"
                any = ["foo.*bar"]
                """, path: "r.toml"))
        func fired(_ text: String) -> [String] { m.match(MatchableItem(id: "r", summary: text)).map(\.watch) }
        #expect(fired("IBM announces") == [])
        #expect(fired("Meta announces") == [])
        #expect(fired("ABC Corp announces") == [])
        #expect(fired("foo and bar") == [])
        #expect(fired("foobar") == [])
        #expect(fired("IBM|Meta") == ["alt"])
        #expect(fired("the [A-Z]+ Corp pattern") == ["class"])
        #expect(fired("foo.*bar") == ["star"])
    }

    @Test func aRegexThatIsOnlyPunctuationIsRefusedNotMatchedEverywhere() throws {
        #expect(throws: ConfigErrors.self) {
            try WatchlistLoader.parse("[[watch]]\nname = \"r\"\nany = [\".*\"]\n", path: "r.toml")
        }
    }

    // MARK: - Paths

    @Test func aWatchlistPathThatDoesNotExist() throws {
        let folder = try ConfigFolder(
            watchlists: [:], config: "watchlists = [\"lists/none.toml\"]\n[[feed]]\nurl = \"https://a.example/\"\n")
        defer { folder.remove() }
        #expect(
            folder.loadErrors() == [
                "DIR/vigie.toml:1:15: watchlists[0]: \"lists/none.toml\" matches no file (looked for DIR/lists/none.toml)"
            ])
    }

    @Test func aWatchlistThatIsADirectory() throws {
        let folder = try ConfigFolder(
            watchlists: [:], config: "watchlists = [\"watchlists\"]\n[[feed]]\nurl = \"https://a.example/\"\n")
        defer { folder.remove() }
        #expect(folder.loadErrors() == ["DIR/watchlists: cannot read the watchlist: it is a directory"])
    }

    @Test func aConfigurationThatIsADirectory() throws {
        let folder = try ConfigFolder(watchlists: [:])
        defer { folder.remove() }
        do {
            _ = try ConfigLoader.load(path: folder.url.path)
            Issue.record("a directory loaded as a configuration")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.description.hasPrefix("\(folder.url.path): cannot read the configuration: "))
        }
    }

    @Test func unreadableFilesSayPermissionDenied() throws {
        // Root reads any file, so the check drops the file-system capabilities of this thread only (setfsuid to
        // nobody clears CAP_DAC_OVERRIDE for the calling thread) and restores them after.
        let folder = try ConfigFolder(watchlists: ["t.toml": "[[watch]]\nname = \"t\"\nany = [\"w\"]\n"])
        defer { folder.remove() }
        chmod(folder.configPath, 0)
        chmod(folder.path("watchlists/t.toml"), 0)
        let watchlistError: ConfigError?
        let configError: ConfigErrors?
        do {
            let previous = setfsuid(65534)
            defer { _ = setfsuid(UInt32(previous)) }
            #expect(setfsuid(UInt32.max) == 65534, "setfsuid did not take effect")
            do {
                _ = try WatchlistLoader.load(paths: [folder.path("watchlists/t.toml")])
                watchlistError = nil
            } catch { watchlistError = error.errors.first }
            do {
                _ = try ConfigLoader.load(path: folder.configPath)
                configError = nil
            } catch { configError = error }
        }
        #expect(watchlistError?.code == .unreadable)
        #expect(
            watchlistError?.message.hasPrefix("cannot read the watchlist: ") == true,
            "\(String(describing: watchlistError))")
        #expect(watchlistError?.message.contains("ermission") == true, "\(String(describing: watchlistError))")
        #expect(
            configError?.description == "\(folder.configPath): cannot read the configuration: Permission denied")
    }

    // MARK: - Cases found by these tests and fixed with them (docs/RELIABILITY.md, "Hostile input")

    @Test func aNegativeOrZeroIntegerSizeIsRefused() throws {
        #expect(
            try errors("[fetch]\nmax_body = -5\n[[feed]]\nurl = \"https://z.example/\"\n") == [
                "vigie.toml:2:1: fetch.max_body: -5 is not a size; write a positive size like \"512KiB\" or \"10MiB\""
            ])
        #expect(
            try errors("[fetch]\nlow_speed_limit = 0\n[[feed]]\nurl = \"https://z.example/\"\n") == [
                "vigie.toml:2:1: fetch.low_speed_limit: 0 is not a size; write a positive size like \"512KiB\" or \"10MiB\""
            ])
    }

    @Test func directoriesAndFIFOsAreNamedForWhatTheyAre() throws {
        let folder = try ConfigFolder(watchlists: [:])
        defer { folder.remove() }
        let fifo = folder.path("watchlists/fifo.toml")
        #expect(mkfifo(fifo, 0o600) == 0)
        func configMessage(_ path: String) -> String? {
            do {
                _ = try ConfigLoader.load(path: path)
                return nil
            } catch { return error.description }
        }
        #expect(
            configMessage(folder.url.path) == "\(folder.url.path): cannot read the configuration: it is a directory")
        #expect(configMessage(fifo) == "\(fifo): cannot read the configuration: it is not a regular file")
        #expect(
            throws: ConfigErrors(errors: [
                ConfigError(
                    code: .unreadable, file: folder.path("watchlists"),
                    message: "cannot read the watchlist: it is a directory")
            ])
        ) { try WatchlistLoader.load(paths: [folder.path("watchlists")]) }
        #expect(
            throws: ConfigErrors(errors: [
                ConfigError(
                    code: .unreadable, file: fifo, message: "cannot read the watchlist: it is not a regular file")
            ])
        ) { try WatchlistLoader.load(paths: [fifo]) }
    }
}
