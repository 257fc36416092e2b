import Foundation
import Testing

@testable import VigieConfig

/// A temporary folder with a watchlist, for configuration tests.
func makeConfigFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-config-\(UUID())")
    try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("watchlists"), withIntermediateDirectories: true)
    try "[[watch]]\nname = \"t\"\nany = [\"widget\"]\n".write(
        to: folder.appendingPathComponent("watchlists/t.toml"), atomically: true, encoding: .utf8)
    return folder
}

/// The problems of `source` as a `vigie.toml` in a fresh configuration folder, each as `vigie.toml:LINE:COL: …`.
func configErrors(_ source: String) throws -> [String] {
    let folder = try makeConfigFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("vigie.toml").path
    do {
        _ = try ConfigLoader.parse(source, path: path)
        return []
    } catch {
        return error.errors.map { $0.description.replacingOccurrences(of: path, with: "vigie.toml") }
    }
}

@Suite struct ConfigLoaderTests {
    func errors(_ source: String) throws -> [String] {
        try configErrors(source)
    }

    @Test func defaultsApplyAndPathsResolveAgainstTheConfigFolder() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.toml").path
        let config = try ConfigLoader.parse(
            """
            state_dir = "state"
            [[feed]]
            url = "https://a.example/rss"
            [[feed]]
            url = "https://b.example/atom"
            name = "B"
            interval = "1h"
            enabled = false
            headers = { Authorization = "Bearer x" }
            """, path: path)
        #expect(config.stateDirectory == folder.appendingPathComponent("state").path)
        #expect(config.alertLog == "/var/log/vigie/alerts.jsonl")
        #expect(config.watchlistFiles == [folder.appendingPathComponent("watchlists/t.toml").path])
        #expect(config.interval == 900)
        #expect(config.backlog == 86400)
        #expect(config.fetch.concurrency == 32 && config.fetch.perHost == 2 && config.fetch.maxBody == 10 << 20)
        #expect(config.feeds.map(\.url) == ["https://a.example/rss", "https://b.example/atom"])
        #expect(config.feeds[0].interval == 900 && config.feeds[0].enabled)
        #expect(config.feeds[1].interval == 3600 && !config.feeds[1].enabled && config.feeds[1].name == "B")
        #expect(config.feeds[1].headers == ["Authorization": "Bearer x"])
    }

    @Test func storiesHaveAWindowAndACoverageMode() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.toml").path
        let feed = "[[feed]]\nurl = \"https://a.example/rss\"\n"
        let defaults = try ConfigLoader.parse(feed, path: path)
        #expect(defaults.stories == StorySettings(window: 72 * 3600, coverage: .log))
        let set = try ConfigLoader.parse("[stories]\nwindow = \"2d\"\ncoverage = \"drop\"\n" + feed, path: path)
        #expect(set.stories == StorySettings(window: 2 * 86400, coverage: .drop))
        #expect(
            try errors("[stories]\ncoverage = \"hide\"\nwindw = \"1d\"\n" + feed) == [
                "vigie.toml:2:1: stories.coverage: \"hide\" is not a coverage mode; use \"log\" (write each later item "
                    + "of a story) or \"drop\" (write only the first)",
                "vigie.toml:3:1: stories.windw: unknown key; did you mean `window`?",
            ])
    }

    @Test func everyProblemIsReportedWithItsLineAndKey() throws {
        let found = try errors(
            """
            state_dri = "/tmp/x"

            [defaults]
            interval = "15 minutes"

            [fetch]
            timeout = 60
            max_body = "lots"

            [[feed]]
            name = "no url"

            [[feed]]
            url = "gopher://old.example/"

            [[feed]]
            url = "https://dup.example/"
            [[feed]]
            url = "https://dup.example/"
            colour = "red"
            """)
        #expect(
            found == [
                "vigie.toml:1:1: state_dri: unknown key; did you mean `state_dir`?",
                "vigie.toml:4:1: defaults.interval: \"15 minutes\" is not a duration; write it like \"90s\", \"15m\", \"1h\" or \"1d\"",
                "vigie.toml:7:1: fetch.timeout: write the duration with its unit, like \"60s\" or \"60m\"",
                "vigie.toml:8:1: fetch.max_body: \"lots\" is not a size; write it like \"512KiB\" or \"10MiB\"",
                "vigie.toml:10:1: feed[0].url: every [[feed]] needs a url",
                "vigie.toml:14:1: feed[1].url: \"gopher://old.example/\" is not an http, https or file URL",
                "vigie.toml:19:1: feed[3].url: \"https://dup.example/\" is configured twice (first as feed[2]); remove one",
                "vigie.toml:20:1: feed[3].colour: unknown key; the keys here are url, name, interval, enabled, headers, user_agent, "
                    + "stale_after",
            ])
    }

    @Test func threeProblemsAreThreeErrorsEachWithItsLineAndColumn() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.toml").path
        let source = """
            log_level = "loud"
            [fetch]
            concurrency = 0
              timeout = "soon"
            [[feed]]
            url = "https://a.example/"
            """
        #expect(throws: ConfigErrors.self) { try ConfigLoader.parse(source, path: path) }
        do {
            _ = try ConfigLoader.parse(source, path: path)
        } catch {
            #expect(error.errors.map(\.code) == [.invalidValue, .invalidValue, .invalidValue])
            #expect(error.errors.map(\.line) == [1, 3, 4])
            #expect(error.errors.map(\.column) == [1, 1, 3])
            #expect(error.errors.map(\.key) == ["log_level", "fetch.concurrency", "fetch.timeout"])
            #expect(
                error.errors.first?.message
                    == "\"loud\" is not a log level; use one of trace, debug, info, notice, warning, error, critical")
        }
    }

    @Test func syntaxErrorsCarryTOMLKitsLineAndColumn() throws {
        let found = try errors("state_dir = \"/tmp\"\n[fetch\nconcurrency = 3\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("vigie.toml:2:7: invalid TOML: ") == true, "\(found)")
    }

    @Test func aWatchlistGlobThatMatchesNothingIsAnError() throws {
        let found = try errors("watchlists = [\"lists/*.toml\"]\n[[feed]]\nurl = \"https://a.example/\"\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("vigie.toml:1:15: watchlists[0]: \"lists/*.toml\" matches no file") == true)
    }

    @Test func noFeedIsAnError() throws {
        #expect(try errors("") == ["vigie.toml: no feed is configured; add a [[feed]] table with a url, or feeds_opml"])
    }

    @Test func feedsComeFromOPMLToo() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>subs</title></head><body>
          <outline text="Tech"><outline type="rss" text="A" xmlUrl="https://a.example/rss"/>
          <outline type="rss" title="C" xmlUrl="https://c.example/feed"/></outline>
        </body></opml>
        """.write(to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let config = try ConfigLoader.parse(
            "feeds_opml = \"feeds.opml\"\n[[feed]]\nurl = \"https://a.example/rss\"\n",
            path: folder.appendingPathComponent("vigie.toml").path)
        #expect(config.feeds.map(\.url) == ["https://a.example/rss", "https://c.example/feed"])
        #expect(config.feeds[1].name == "C")
    }

    @Test func aMissingFileSaysSo() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/vigie.toml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(
                error.description == "/nonexistent/vigie.toml: cannot read the configuration: No such file or directory"
            )
        }
    }
}
