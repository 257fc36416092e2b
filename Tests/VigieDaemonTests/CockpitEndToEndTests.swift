import Foundation
import Testing
import VigieConfig
import VigieStore
import VigieTestSupport

@testable import VigieDaemon

/// The operator's view of a running daemon, on a manual clock against a real loopback server: its heartbeat, a feed
/// turning bad and recovering (two lines, no more), missed items polled faster, the item texts kept for backtests,
/// and the status report read beside it.
@Suite(.serialized) struct CockpitEndToEndTests {
    let item = RSSItem(guid: "a1", title: "The quantum widget is here", link: "https://news.example/a1")

    func healthLines(_ install: Installation) throws -> [[String: Any]] {
        try install.alerts().filter { $0["kind"] as? String == "feed-health" }
    }

    @Test func aFeedTurningBadAndRecoveringWritesTwoHealthLinesAndStatusFollows() throws {
        let install = try Installation(feeds: ["a.xml": [item]])
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: "[health]\nfailures = 2\n")
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        let feedFile = install.folder.appendingPathComponent("feeds/a.xml")
        let saved = try Data(contentsOf: feedFile)
        try FileManager.default.removeItem(at: feedFile)
        try clock.advance(by: 3600)  // 404: one failure
        #expect(try healthLines(install).isEmpty)
        try clock.advance(by: 3600)  // two in a row: failing
        #expect(try healthLines(install).map { $0["health"] as? String } == ["failing"])
        try clock.advance(by: 7200)  // three: still failing, no new line
        try clock.advance(by: 14_400)
        let config = try ConfigLoader.load(path: install.configPath)
        let reader = try StateStore(readingOnly: install.folder.appendingPathComponent("state/state.sqlite").path)
        var report = try StatusReport(config: config, store: reader, now: clock.now)
        #expect(report.daemon.running && report.someFeedFailing && report.totals.failing == 1)
        #expect(report.feeds.first?.state.consecutiveFailures ?? 0 >= 3)
        #expect(report.feeds.first?.state.lastError?.contains("404") == true)
        try saved.write(to: feedFile)
        try clock.advance(by: 6 * 3600)
        let lines = try healthLines(install)
        #expect(lines.map { $0["health"] as? String } == ["failing", "recovered"])
        #expect(lines.allSatisfy { $0["feed"] as? String == install.server.url("/files/a.xml") })
        report = try StatusReport(config: config, store: reader, now: clock.now)
        #expect(!report.someFeedFailing && report.feeds.first?.state.health == .ok)
        #expect(running.stop())
        report = try StatusReport(config: config, store: reader, now: clock.now)
        #expect(!report.daemon.running && report.daemon.heartbeat?.stopped != nil)
    }

    @Test func aPollWhoseItemsAreAllNewHalvesTheIntervalUntilOneOverlaps() throws {
        let install = try Installation(feeds: ["a.xml": [item]])
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        let store = try install.state()
        let url = install.server.url("/files/a.xml")
        func gap() throws -> TimeInterval {
            let state = try #require(try store.feedState(url: url))
            return try #require(state.nextPoll).timeIntervalSince(try #require(state.lastPolled))
        }
        #expect(try gap() == 3600)
        try install.write(
            feed: "a.xml",
            items: [
                RSSItem(guid: "b1", title: "b1", link: "https://news.example/b1"),
                RSSItem(guid: "b2", title: "b2", link: "https://news.example/b2"),
            ])
        try clock.advance(by: 3600)
        #expect(try store.feedState(url: url)?.missedPolls == 1)
        #expect(try gap() == 1800, "halved")
        try install.write(feed: "a.xml", items: [RSSItem(guid: "c1", title: "c1", link: "https://news.example/c1")])
        try clock.advance(by: 1800)
        #expect(try gap() == 900, "halved again")
        try install.write(
            feed: "a.xml",
            items: [
                RSSItem(guid: "c1", title: "c1", link: "https://news.example/c1"),
                RSSItem(guid: "d1", title: "d1", link: "https://news.example/d1"),
            ])
        try clock.advance(by: 900)
        let state = try #require(try store.feedState(url: url))
        #expect(state.missedPolls == 2 && state.missedStreak == 0)
        #expect(try gap() == 3600, "a poll that overlaps brings the interval back")
        #expect(running.stop())
    }

    @Test func theDaemonBeatsAndKeepsTheTextsOfNewItems() throws {
        let install = try Installation(feeds: ["a.xml": [item]])
        let clock = ManualClock()
        let start = clock.now
        let running = try install.start(clock: clock)
        let store = try install.state()
        let first = try #require(try store.heartbeat())
        #expect(first.pid == getpid() && first.stopped == nil && first.lastCycle != nil)
        #expect(first.isAlive(at: clock.now))
        try clock.advance(by: 600)  // idle: the beat goes on every 30 s
        let later = try #require(try store.heartbeat())
        #expect(later.beat.timeIntervalSince(first.beat) >= 570 && later.started == first.started)
        #expect(try store.itemTexts(since: start).map(\.title) == ["The quantum widget is here"])
        #expect(running.stop())
    }

    @Test func keepTextOffKeepsNone() throws {
        let install = try Installation(feeds: ["a.xml": [item]])
        try install.writeConfig(feeds: ["a.xml"], backlog: "3650d", extra: "[state]\nkeep_text = \"off\"\n")
        _ = try install.runOnce()
        #expect(try install.state().itemTexts(since: .distantPast).isEmpty)
        #expect(try install.alerts().count == 1)
        #expect(try install.state().heartbeat() == nil, "--once is not a running daemon: it writes no heartbeat")
    }
}
