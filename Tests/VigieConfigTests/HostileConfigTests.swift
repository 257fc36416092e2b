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
    func settingsErrors() -> [String] {
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
/// `file:line: key: reason` message, or loads.
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
        #expect(found.first?.hasPrefix("vigie.toml:\(line): invalid TOML at column ") == true, "\(found)")
    }

    // MARK: - Types and keys

    /// One configuration line per case; a feed is added after it so that only the line under test is wrong.
    @Test(arguments: [
        ("state_dir = 3", "state_dir: must be a string, not integer"),
        ("log_level = \"loud\"", "log_level: must be one of debug, info, notice, warning, error"),
        (
            "watchlists = \"watchlists/*.toml\"",
            "watchlists: must be a list of paths or globs, like [\"watchlists/*.toml\"]"
        ),
        ("watchlists = [3]", "watchlists: must be a list of paths or globs, like [\"watchlists/*.toml\"]"),
        ("defaults = 3", "defaults: must be a table ([defaults])"),
        ("[defaults]\ninterval = true", "defaults.interval: must be a string, not bool"),
        ("[fetch]\nconcurrency = \"32\"", "fetch.concurrency: must be a positive whole number"),
        ("[fetch]\nconcurrency = 0", "fetch.concurrency: must be a positive whole number"),
        ("[fetch]\nper_host = -1", "fetch.per_host: must be a positive whole number"),
        ("[fetch]\nconcurrency = 1.5", "fetch.concurrency: must be a positive whole number"),
        ("[fetch]\nmax_body = \"-5\"", "fetch.max_body: \"-5\" is not a size; write it like \"512KiB\" or \"10MiB\""),
        (
            "[fetch]\ntimeout = \"forever\"",
            "fetch.timeout: \"forever\" is not a duration; write it like \"90s\", \"15m\", \"1h\" or \"1d\""
        ),
    ])
    func wrongTypesAreNamedWithLineAndKey(source: String, message: String) throws {
        let found = try errors(source + "\n[[feed]]\nurl = \"https://z.example/\"\n")
        let line = source.split(separator: "\n").count
        #expect(found == ["vigie.toml:\(line): \(message)"])
    }

    @Test(arguments: [
        ("[[feed]]\nurl = 3", "feed[0].url: must be a string"),
        ("[[feed]]\nurl = \"https://a.example/\"\nenabled = \"yes\"", "feed[0].enabled: must be"),
        ("[[feed]]\nurl = \"https://a.example/\"\nheaders = \"A: b\"", "feed[0].headers: must be"),
        ("[[feed]]\nurl = \"https://a.example/\"\nheaders = { A = 1 }", "feed[0].headers"),
        ("[[feed]]\nurl = \"https://a.example/\"\ninterval = 900", "feed[0].interval: "),
        ("feed = \"https://a.example/\"", "feed: "),
    ])
    func wrongTypesInFeedsAreNamedWithLineAndKey(source: String, prefix: String) throws {
        let found = try errors(source + "\n")
        let line = source.split(separator: "\n").count
        #expect(found.first?.hasPrefix("vigie.toml:\(line): \(prefix)") == true, "\(found)")
        #expect(found.dropFirst().allSatisfy { $0.hasPrefix("vigie.toml: no feed is configured") }, "\(found)")
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
                "vigie.toml:1: colour: unknown key; the keys here are state_dir, alert_log, watchlists, feeds_opml, log_level, defaults, fetch, feed",
                "vigie.toml:9: extra: unknown key; the keys here are state_dir, alert_log, watchlists, feeds_opml, log_level, defaults, fetch, feed",
                "vigie.toml:3: defaults.intervall: unknown key; the keys here are interval, backlog",
                "vigie.toml:5: fetch.max_bodies: unknown key; the keys here are concurrency, per_host, connect_timeout, timeout, max_body, user_agent, ca_file, low_speed_limit, low_speed_time",
                "vigie.toml:8: feed[0].user-agent: unknown key; the keys here are url, name, interval, enabled, headers, user_agent",
            ])
    }

    // MARK: - Watchlists

    @Test func anEmptyWatchlistFileIsAnError() throws {
        let folder = try ConfigFolder(watchlists: ["empty.toml": ""])
        defer { folder.remove() }
        #expect(
            folder.settingsErrors() == [
                "DIR/watchlists/empty.toml:1: DIR/watchlists/empty.toml:1:1: no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")"
            ])
    }

    @Test(arguments: ["...", "?!", "***", "—", " ", "\u{200D}", "\u{0301}"])
    func aKeywordOfOnlyPunctuationIsRefused(keyword: String) throws {
        let toml = "[[watch]]\nname = \"p\"\nany = [\"x\", \"\(keyword)\"]\n"
        #expect(throws: WatchlistError.self) { try Watchlist.parse(toml, file: "p.toml") }
        do {
            _ = try Watchlist.parse(toml, file: "p.toml")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.description == "p.toml:3:13: the phrase \"\(keyword)\" has no letter or digit to match")
        }
    }

    @Test func aHundredThousandKeywordsLoadAndMatchInBoundedTime() throws {
        let keywords = (0..<100_000).map { "kw\(String($0, radix: 36))x" }
        let toml = "[[watch]]\nname = \"many\"\nany = [\n" + keywords.map { "  \"\($0)\",\n" }.joined() + "]\n"
        let folder = try ConfigFolder(watchlists: ["many.toml": toml])
        defer { folder.remove() }
        let start = ContinuousClock.now
        let settings = try LoadedConfig.load(path: folder.configPath)
        let loaded = ContinuousClock.now - start
        #expect(settings.matcher.phraseCount == 100_000)
        let matchStart = ContinuousClock.now
        let hits = settings.matcher.match(
            MatchableItem(id: "i", title: "news about \(keywords[99_999]) and \(keywords[0])"))
        let misses = settings.matcher.match(
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
            watchlist: try Watchlist.parse(
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
                """, file: "r.toml"))
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
        #expect(throws: WatchlistError.self) {
            try Watchlist.parse("[[watch]]\nname = \"r\"\nany = [\".*\"]\n", file: "r.toml")
        }
    }

    // MARK: - Paths

    @Test func aWatchlistPathThatDoesNotExist() throws {
        let folder = try ConfigFolder(
            watchlists: [:], config: "watchlists = [\"lists/none.toml\"]\n[[feed]]\nurl = \"https://a.example/\"\n")
        defer { folder.remove() }
        #expect(
            folder.settingsErrors() == [
                "DIR/vigie.toml:1: watchlists: \"lists/none.toml\" matches no file (looked for DIR/lists/none.toml)"
            ])
    }

    @Test func aWatchlistThatIsADirectory() throws {
        let folder = try ConfigFolder(
            watchlists: [:], config: "watchlists = [\"watchlists\"]\n[[feed]]\nurl = \"https://a.example/\"\n")
        defer { folder.remove() }
        let found = folder.settingsErrors()
        #expect(found.count == 1, "\(found)")
        #expect(
            found.first?.hasPrefix("DIR/watchlists: DIR/watchlists: cannot read the watchlist: ") == true, "\(found)")
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
        let watchlistError: WatchlistError?
        let configError: ConfigErrors?
        do {
            let previous = setfsuid(65534)
            defer { _ = setfsuid(UInt32(previous)) }
            #expect(setfsuid(UInt32.max) == 65534, "setfsuid did not take effect")
            do {
                _ = try WatchlistLoader().load([folder.path("watchlists/t.toml")])
                watchlistError = nil
            } catch { watchlistError = error }
            do {
                _ = try ConfigLoader.load(path: folder.configPath)
                configError = nil
            } catch { configError = error }
        }
        #expect(watchlistError?.code == .unreadable)
        #expect(
            watchlistError?.reason.hasPrefix("cannot read the watchlist: ") == true,
            "\(String(describing: watchlistError))")
        #expect(watchlistError?.reason.contains("ermission") == true, "\(String(describing: watchlistError))")
        #expect(
            configError?.description == "\(folder.configPath): cannot read the configuration: Permission denied")
    }

    // MARK: - Cases found by these tests and fixed with them (docs/RELIABILITY.md, "Hostile input")

    @Test func aNegativeOrZeroIntegerSizeIsRefused() throws {
        #expect(
            try errors("[fetch]\nmax_body = -5\n[[feed]]\nurl = \"https://z.example/\"\n") == [
                "vigie.toml:2: fetch.max_body: -5 is not a size; write a positive size like \"512KiB\" or \"10MiB\""
            ])
        #expect(
            try errors("[fetch]\nlow_speed_limit = 0\n[[feed]]\nurl = \"https://z.example/\"\n") == [
                "vigie.toml:2: fetch.low_speed_limit: 0 is not a size; write a positive size like \"512KiB\" or \"10MiB\""
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
            throws: WatchlistError(
                code: .unreadable, file: folder.path("watchlists"),
                reason: "cannot read the watchlist: it is a directory")
        ) { try WatchlistLoader().load([folder.path("watchlists")]) }
        #expect(
            throws: WatchlistError(
                code: .unreadable, file: fifo, reason: "cannot read the watchlist: it is not a regular file")
        ) { try WatchlistLoader().load([fifo]) }
    }
}
