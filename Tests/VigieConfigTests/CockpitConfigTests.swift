import Foundation
import Testing

@testable import VigieConfig

/// The keys of the operator's cockpit: `metrics_file`, `[state]`, `[health]` and `stale_after`.
@Suite struct CockpitConfigTests {
    func parse(_ source: String) throws -> (Config, URL) {
        let folder = try makeConfigFolder()
        let path = folder.appendingPathComponent("vigie.toml").path
        return (try ConfigLoader.parse(source, path: path), folder)
    }

    @Test func theDefaultsKeepThirtyDaysOfTextFailAtFiveAndNeverGoStale() throws {
        let (config, folder) = try parse("[[feed]]\nurl = \"https://a.example/rss\"\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(config.metricsFile == nil)
        #expect(config.state == StateSettings(keepText: 30 * 86_400, keepTextMax: 256 << 20))
        #expect(config.health.failures == 5)
        #expect(config.feeds[0].staleAfter == nil)
    }

    @Test func everyKeyIsReadAndAFeedOverridesTheDefaultStaleAfter() throws {
        let (config, folder) = try parse(
            """
            metrics_file = "metrics/vigie.prom"
            [defaults]
            stale_after = "2d"
            [state]
            keep_text = "7d"
            keep_text_max = "64MiB"
            [health]
            failures = 3
            [[feed]]
            url = "https://a.example/rss"
            [[feed]]
            url = "https://b.example/rss"
            stale_after = "6h"
            [[feed]]
            url = "https://c.example/rss"
            stale_after = "off"
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(config.metricsFile == folder.appendingPathComponent("metrics/vigie.prom").path)
        #expect(config.state == StateSettings(keepText: 7 * 86_400, keepTextMax: 64 << 20))
        #expect(config.health.failures == 3)
        #expect(config.feeds.map(\.staleAfter) == [2 * 86_400, 6 * 3600, nil])
        let (off, other) = try parse("[state]\nkeep_text = \"off\"\n[[feed]]\nurl = \"https://a.example/rss\"\n")
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(off.state.keepText == 0)
    }

    @Test(arguments: [
        ("[health]\nfailures = 0", "health.failures: must be a positive whole number, not 0"),
        ("[health]\nfailure = 2", "health.failure: unknown key"),
        ("[state]\nkeep_text = \"a month\"", "state.keep_text: \"a month\" is not a duration"),
        ("[state]\nkeep_text_max = \"big\"", "state.keep_text_max: \"big\" is not a size"),
        ("[defaults]\nstale_after = 3", "defaults.stale_after: write the duration with its unit"),
        ("metrics_file = 1", "metrics_file:"),
    ])
    func aMistakeIsNamedWithItsKey(source: String, expected: String) throws {
        let found = try configErrors(source + "\n[[feed]]\nurl = \"https://a.example/rss\"\n")
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }
}
