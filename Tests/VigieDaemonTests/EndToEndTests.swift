import Foundation
import Logging
import Testing
import VigieStore
import VigieSync
import VigieSystemd
import VigieTestSupport

@testable import VigieDaemon

/// A throwaway installation: feeds served by a real HTTP server on 127.0.0.1, a watchlist, a configuration, a state
/// directory and an alert log, all in a temporary folder.
final class Installation {
    let folder: URL
    let server: FixtureServer
    var configPath: String { folder.appendingPathComponent("vigie.toml").path }
    var alertLog: URL { folder.appendingPathComponent("alerts.jsonl") }

    init(feeds: [String: [RSSItem]], keywords: [String] = ["quantum widget"], backlog: String = "3650d") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-e2e-\(UUID())")
        for sub in ["feeds", "watchlists"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        server = try FixtureServer(root: folder.appendingPathComponent("feeds").path)
        for (name, items) in feeds { try write(feed: name, items: items) }
        try writeWatchlist(keywords)
        try writeConfig(feeds: feeds.keys.sorted(), backlog: backlog)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(feed name: String, items: [RSSItem]) throws {
        let body = items.map(\.xml).joined(separator: "\n")
        let document =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Feed \(name)</title>\n\(body)\n</channel></rss>\n"
        // A changed document must get a new ETag even within the same second: the server's ETag has the mtime in ns.
        try document.write(to: folder.appendingPathComponent("feeds/\(name)"), atomically: true, encoding: .utf8)
    }

    func writeWatchlist(_ keywords: [String]) throws {
        let phrases = keywords.map { "\"\($0)\"" }.joined(separator: ", ")
        try "[[watch]]\nname = \"e2e\"\nlevel = \"alert\"\nany = [\(phrases)]\n".write(
            to: folder.appendingPathComponent("watchlists/e2e.toml"), atomically: true, encoding: .utf8)
    }

    func writeConfig(feeds: [String], backlog: String, extra: String = "", logLevel: String = "error") throws {
        try writeConfig(
            urls: feeds.map { server.url("/files/\($0)") }, backlog: backlog, extra: extra, logLevel: logLevel)
    }

    func writeConfig(
        urls: [String], backlog: String, extra: String = "", logLevel: String = "error", fetchExtra: String = ""
    ) throws {
        var text = """
            state_dir = "state"
            alert_log = "alerts.jsonl"
            log_level = "\(logLevel)"
            \(extra)
            [defaults]
            interval = "1h"
            backlog = "\(backlog)"
            [fetch]
            timeout = "5s"
            \(fetchExtra)

            """
        for url in urls { text += "[[feed]]\nurl = \"\(url)\"\n" }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// The alert log's records, parsed.
    func alerts() throws -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: alertLog.path) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// `vigie run --once`, as a fresh process would do it.
    func runOnce() throws -> CycleSummary {
        let daemon = try Daemon(configPath: configPath, logger: quietLogger)
        return daemon.runOnce()
    }

    /// `vigie run` on a manual clock, without jitter (every interval exact), started and asleep after its first
    /// polls.
    func start(
        clock: ManualClock, logLevel: LogLevelControl? = nil, logger: Logger = quietLogger,
        seenRetention: TimeInterval = StateStore.defaultSeenRetention
    ) throws -> RunningDaemon {
        let daemon = try Daemon(
            configPath: configPath, logger: logger, logLevel: logLevel, scheduler: Scheduler(jitter: 0),
            clock: clock.daemonClock, seenRetention: seenRetention)
        return try RunningDaemon(daemon, clock: clock)
    }

    /// `vigie run` on a manual clock as `start(clock:)` does, reporting to `notifier`.
    func start(clock: ManualClock, notifier: SystemdNotifier) throws -> RunningDaemon {
        let daemon = try Daemon(
            configPath: configPath, logger: quietLogger, notifier: notifier, scheduler: Scheduler(jitter: 0),
            clock: clock.daemonClock)
        return try RunningDaemon(daemon, clock: clock)
    }

    /// The state, opened beside the daemon (read-only use).
    func state() throws -> StateStore {
        try StateStore(path: folder.appendingPathComponent("state/state.sqlite").path)
    }
}

/// An RSS item for test feeds.
struct RSSItem {
    var guid: String
    var title: String
    var link: String
    var date = "Wed, 06 Dec 2023 17:30:00 +0100"
    var summary: String? = nil
    var xml: String {
        "<item><guid>\(guid)</guid><title>\(title)</title><link>\(link)</link><pubDate>\(date)</pubDate>"
            + (summary.map { "<description>\($0)</description>" } ?? "") + "</item>"
    }
}

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

@Suite(.serialized) struct EndToEndTests {
    @Test func onceWritesExactlyTheExpectedAlertsThenNothingThenOneNew() throws {
        let shared = "https://news.example/2023/quantum-widgets?utm_source=feed-b"
        let install = try Installation(feeds: [
            "a.xml": [
                RSSItem(
                    guid: "a1", title: "The quantum widget is here", link: "https://news.example/2023/quantum-widgets"),
                RSSItem(guid: "a2", title: "Nothing to see", link: "https://news.example/2023/nothing"),
            ],
            "b.xml": [
                RSSItem(guid: "b1", title: "Quantum Widget: a second look", link: shared),
                RSSItem(guid: "b2", title: "Another QUANTUM WIDGET story", link: "https://other.example/qw"),
            ],
        ])
        let first = try install.runOnce()
        #expect(first.polled == 2 && first.fetched == 2 && first.failed == 0)
        var alerts = try install.alerts()
        // b1 is a1's story under a tracking parameter: one alert for both.
        #expect(alerts.count == 2)
        #expect(
            Set(alerts.compactMap { $0["link"] as? String }) == [
                "https://news.example/2023/quantum-widgets", "https://other.example/qw",
            ])
        let record = try #require(alerts.first { ($0["link"] as? String) == "https://other.example/qw" })
        #expect(record["watch"] as? String == "e2e")
        #expect(record["level"] as? String == "alert")
        #expect(record["title"] as? String == "Another QUANTUM WIDGET story")
        #expect(record["feed"] as? String == install.server.url("/files/b.xml"))
        #expect(record["feed_title"] as? String == "Feed b.xml")
        #expect(record["published"] as? String == "2023-12-06T16:30:00Z")
        #expect((record["alert_id"] as? String)?.isEmpty == false)
        #expect((record["terms"] as? [String])?.isEmpty == false)

        let second = try install.runOnce()
        #expect(second.notModified == 2 && second.alerts == 0)
        #expect(try install.alerts().count == 2)

        try install.write(
            feed: "a.xml",
            items: [
                RSSItem(guid: "a3", title: "Quantum widget sales soar", link: "https://news.example/2024/sales"),
                RSSItem(
                    guid: "a1", title: "The quantum widget is here", link: "https://news.example/2023/quantum-widgets"),
            ])
        let third = try install.runOnce()
        #expect(third.fetched == 1 && third.notModified == 1 && third.alerts == 1)
        alerts = try install.alerts()
        #expect(alerts.count == 3)
        #expect(alerts.last?["link"] as? String == "https://news.example/2024/sales")
    }

    @Test func theBacklogRuleKeepsOldItemsQuietOnTheFirstPoll() throws {
        let install = try Installation(
            feeds: [
                "old.xml": [
                    RSSItem(
                        guid: "o1", title: "Quantum widget of 2020", link: "https://old.example/1",
                        date: "Mon, 06 Jan 2020 10:00:00 GMT"),
                    RSSItem(
                        guid: "o2", title: "Quantum widget, undated", link: "https://old.example/2", date: ""),
                ]
            ], backlog: "24h")
        let first = try install.runOnce()
        #expect(first.newItems == 2)
        #expect(try install.alerts().compactMap { $0["link"] as? String } == ["https://old.example/2"])
        try install.write(
            feed: "old.xml",
            items: [
                RSSItem(
                    guid: "o3", title: "Quantum widget of 2019, found late", link: "https://old.example/3",
                    date: "Mon, 07 Jan 2019 10:00:00 GMT")
            ])
        _ = try install.runOnce()
        // After the first poll every new item counts, however old its date.
        #expect(
            try install.alerts().compactMap { $0["link"] as? String } == [
                "https://old.example/2", "https://old.example/3",
            ])
    }

    @Test func aBrokenFeedDoesNotStopTheOthers() throws {
        let install = try Installation(feeds: [
            "good.xml": [RSSItem(guid: "g", title: "Quantum widget news", link: "https://good.example/1")]
        ])
        try "this is not a feed".write(
            to: install.folder.appendingPathComponent("feeds/bad.xml"), atomically: true, encoding: .utf8)
        try install.writeConfig(feeds: ["good.xml", "bad.xml", "missing.xml"], backlog: "3650d")
        let summary = try install.runOnce()
        #expect(summary.polled == 3 && summary.failed == 2 && summary.alerts == 1)
    }

    @Test func anInvalidConfigurationRefusesToStart() throws {
        let install = try Installation(feeds: ["a.xml": []])
        try "[[feed]]\nurl = 42\n".write(toFile: install.configPath, atomically: true, encoding: .utf8)
        do {
            _ = try Daemon(configPath: install.configPath, logger: quietLogger)
            Issue.record("started with an invalid configuration")
        } catch {
            #expect(error.status == .configError)
        }
    }

    @Test func reloadTakesAGoodConfigurationAndKeepsTheOldOneOnABadOne() throws {
        let install = try Installation(feeds: [
            "r.xml": [RSSItem(guid: "r1", title: "Quantum widget one", link: "https://r.example/1")]
        ])
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        #expect(try install.alerts().count == 1)

        // A good reload: a new keyword and a new feed whose item only that keyword matches. (New keywords apply
        // to articles seen from then on; a new feed is polled at once.)
        try install.writeWatchlist(["quantum widget", "flux capacitor"])
        try install.write(
            feed: "r2.xml", items: [RSSItem(guid: "x", title: "A flux capacitor appears", link: "https://r.example/2")])
        try install.writeConfig(feeds: ["r.xml", "r2.xml"], backlog: "3650d")
        try running.post(.reload)
        #expect(try install.alerts().count == 2)

        // A bad reload: the daemon keeps running with what it had — the new feed and the new keyword included.
        try "state_dir = [\n".write(toFile: install.configPath, atomically: true, encoding: .utf8)
        try running.post(.reload)
        try install.write(
            feed: "r2.xml",
            items: [
                RSSItem(guid: "x", title: "A flux capacitor appears", link: "https://r.example/2"),
                RSSItem(guid: "y", title: "Flux capacitor, the sequel", link: "https://r.example/3"),
            ])
        try clock.advance(by: 3601)
        #expect(try install.alerts().compactMap { $0["link"] as? String }.last == "https://r.example/3")
        #expect(try install.alerts().count == 3)
        #expect(running.stop())
    }

    @Test func reloadAppliesTheLogLevel() throws {
        let install = try Installation(feeds: [
            "l.xml": [RSSItem(guid: "l1", title: "Quantum widget one", link: "https://l.example/1")]
        ])
        let control = LogLevelControl(.info)
        let lines = Locked<[String]>([])
        let logger = Logger(label: "test") { label in
            StderrLogHandler(label: label, control: control, journald: false) { line in
                lines.withLock { $0.append(line) }
            }
        }
        let clock = ManualClock()
        let running = try install.start(clock: clock, logLevel: control, logger: logger)
        // log_level = "error": the cycle's info line is not written.
        #expect(control.level == .error)
        #expect(!lines.withLock { $0 }.contains { $0.contains("poll cycle done") })
        try install.writeConfig(feeds: ["l.xml"], backlog: "3650d", extra: "", logLevel: "debug")
        try running.post(.reload)
        #expect(control.level == .debug)
        try clock.advance(by: 3601)
        #expect(lines.withLock { $0 }.contains { $0.contains("poll cycle done") })
        #expect(running.stop())
    }

    @Test func twoConfiguredURLsThatConvergeArePolledBothEveryCycle() throws {
        let install = try Installation(feeds: [
            "c.xml": [RSSItem(guid: "c1", title: "Quantum widget news", link: "https://c.example/1")]
        ])
        let target = install.server.url("/files/c.xml")
        let moved = install.server.url(
            "/redirect-to?status=301&url=" + target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        try install.writeConfig(urls: [moved, target], backlog: "3650d")
        let first = try install.runOnce()
        #expect(first.polled == 2)
        let state = try install.state()
        #expect(try state.feedState(url: moved)?.currentURL == target)
        let before = try #require(try state.feedState(url: target)?.lastPolled)
        Thread.sleep(forTimeInterval: 0.01)
        // Both requests now go to the same URL: each is still its own feed's.
        let second = try install.runOnce()
        #expect(second.polled == 2 && second.notModified == 2 && second.failed == 0)
        #expect(try #require(try state.feedState(url: moved)?.lastPolled) > before)
        #expect(try #require(try state.feedState(url: target)?.lastPolled) > before)
        #expect(try install.alerts().count == 1)
    }

    @Test func anAbsurdRetryAfterWaitsAtMostSevenDays() throws {
        let install = try Installation(feeds: [:])
        let seconds = install.server.url("/retry-after?status=429&seconds=1000000000")
        let date = install.server.url("/retry-after?status=503&date=1&in=1000000000")
        try install.writeConfig(urls: [seconds, date], backlog: "3650d")
        let started = Date()
        let summary = try install.runOnce()
        #expect(summary.polled == 2 && summary.failed == 2)
        let state = try install.state()
        for url in [seconds, date] {
            let next = try #require(try state.feedState(url: url)?.nextPoll)
            #expect(next > started.addingTimeInterval(6 * 86_400))
            #expect(next <= Date().addingTimeInterval(Scheduler.maxDelay))
        }
    }

    @Test func aStoredNextPollInTheYear9999IsBroughtWithinSevenDays() throws {
        let install = try Installation(feeds: [
            "far.xml": [RSSItem(guid: "f1", title: "Quantum widget news", link: "https://far.example/1")]
        ])
        let url = install.server.url("/files/far.xml")
        let clock = ManualClock()
        try FileManager.default.createDirectory(
            at: install.folder.appendingPathComponent("state"), withIntermediateDirectories: true)
        try install.state().save(
            FeedState(
                url: url, nextPoll: DateComponents(calendar: .init(identifier: .gregorian), year: 9999).date,
                firstPolled: clock.now.addingTimeInterval(-3600), lastPolled: clock.now.addingTimeInterval(-3600)))
        let running = try install.start(clock: clock)
        #expect(try install.alerts().isEmpty)
        try clock.advance(by: Scheduler.maxDelay)
        #expect(try install.alerts().count == 1)
        #expect(running.stop())
    }

    @Test func theStatusLineCountsOnlyConfiguredFeedsAndTheirRowsArePruned() throws {
        let install = try Installation(feeds: [
            "s.xml": [RSSItem(guid: "s1", title: "Quantum widget news", link: "https://s.example/1")]
        ])
        // The state remembers a failing feed that the configuration no longer has.
        try FileManager.default.createDirectory(
            at: install.folder.appendingPathComponent("state"), withIntermediateDirectories: true)
        let removed = "https://removed.example/rss"
        try install.state().save(FeedState(url: removed, lastStatus: .failed, consecutiveFailures: 3))
        let manager = try NotifySocket()
        let clock = ManualClock()
        let running = try install.start(
            clock: clock, notifier: SystemdNotifier(environment: manager.environment()))
        var statuses: [String] = []
        while let message = manager.receive(within: 0) {
            statuses += message.split(separator: "\n").filter { $0.hasPrefix("STATUS=") }.map(String.init)
        }
        #expect(statuses.last == "STATUS=1 feeds: 1 ok, 0 failing, 0 gone; 1 alerts today (UTC)")
        #expect(running.stop())
        #expect(try install.state().feedState(url: removed) == nil)
    }
}
