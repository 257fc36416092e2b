import Foundation
import Testing
import VigieWatch

@testable import VigieConfig

@Suite struct LoadedConfigTests {
    @Test func loadsTheConfigurationItsWatchlistsAndTheirMatcher() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.toml").path
        try "[[feed]]\nurl = \"https://a.example/\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try LoadedConfig.load(path: path)
        #expect(loaded.config.feeds.map(\.url) == ["https://a.example/"])
        #expect(loaded.watchlist.watches.map(\.name) == ["t"])
        #expect(loaded.matcher.match(MatchableItem(id: "i", title: "a widget")).map(\.watch) == ["t"])
    }

    @Test func problemsOfTheConfigurationAndOfItsWatchlistsAreReportedTogether() throws {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("vigie.toml").path
        try "[fetch]\ntimeout = 60\n[[feed]]\nurl = \"https://a.example/\"\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        try "[[watch]]\nname = \"t\"\nany = [\"widget\", 3]\n".write(
            to: folder.appendingPathComponent("watchlists/t.toml"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigErrors.self) { try LoadedConfig.load(path: path) }
        do {
            _ = try LoadedConfig.load(path: path)
        } catch {
            let list = folder.appendingPathComponent("watchlists/t.toml").path
            #expect(
                error.errors.map(\.description) == [
                    "\(path):2:1: fetch.timeout: write the duration with its unit, like \"60s\" or \"60m\"",
                    "\(list):3:18: watch[0].any[1]: a phrase must be a string, or a table such as { text = \"Intel\", case_sensitive = true }, not an integer",
                ])
        }
    }
}
