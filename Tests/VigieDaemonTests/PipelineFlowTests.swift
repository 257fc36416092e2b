import Foundation
import Testing
import VigieStore
import VigieSync
import VigieTestSupport

@testable import VigieDaemon

/// The loop never stalls: reading a large feed happens outside the transfer callbacks, so the other transfers keep
/// flowing meanwhile; and the state stays bounded however long the daemon runs.
@Suite(.serialized) struct PipelineFlowTests {
    /// An RSS document of about `megabytes` MB: items with a few KB of HTML each, one of them matching.
    static func largeFeed(megabytes: Int) -> String {
        let paragraph =
            "<p>" + String(repeating: "Lorem ipsum dolor sit amet, <b>consectetur</b> elit. ", count: 60)
            + "</p>"
        let description = (paragraph + paragraph).replacingOccurrences(of: "<", with: "&lt;")
        var items: [String] = []
        var size = 0
        var index = 0
        while size < megabytes * 1_000_000 {
            let title = index == 7 ? "The quantum widget, at length" : "Item \(index)"
            let item =
                "<item><guid>big-\(index)</guid><title>\(title)</title><link>https://big.example/\(index)</link>"
                + "<description>\(description)</description></item>\n"
            size += item.utf8.count
            items.append(item)
            index += 1
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Big</title>\n"
            + items.joined() + "</channel></rss>\n"
    }

    @Test func aFiftyMegabyteFeedIsReadWhileAHundredSmallOnesTransfer() throws {
        let install = try Installation(feeds: [:])
        // 50 MB as the issue asks; 10 under a sanitizer, which slows reading it as much as the size would.
        try Self.largeFeed(megabytes: CPUBudget.scale == 1 ? 50 : 10).write(
            to: install.folder.appendingPathComponent("feeds/big.xml"), atomically: true, encoding: .utf8)
        let big = install.server.url("/files/big.xml")
        let small = (1...100).map { install.server.url("/delay?ms=100&id=\($0)") }
        try install.writeConfig(
            urls: [big] + small, backlog: "3650d", extra: "",
            fetchExtra: "max_body = \"64MiB\"\nconcurrency = 8\nper_host = 8")
        let daemon = try Daemon(configPath: install.configPath, logger: quietLogger)
        let events = Locked<[PollCycle.Event]>([])
        daemon.cycleObserver = { event in events.withLock { $0.append(event) } }
        let summary = daemon.runOnce()
        #expect(summary.polled == 101 && summary.failed == 0 && summary.alerts >= 1)

        let log = events.withLock { $0 }
        let started = try #require(log.firstIndex(of: .readingStarted(feed: big)))
        let finished = try #require(log.firstIndex(of: .readingFinished(feed: big)))
        let fetchedMeanwhile = log[started..<finished].filter {
            if case .fetched(let feed) = $0 { return feed != big }
            return false
        }
        // With 8 transfers of 100 ms at a time, reading 50 MB lasts long enough for many to finish; in the old
        // design, reading ran inside the transfer callback and none could.
        #expect(fetchedMeanwhile.count >= 8, "only \(fetchedMeanwhile.count) transfers finished while reading")
        // Results are committed in batches: fewer transactions than feeds.
        let commits = log.filter {
            if case .committed = $0 { return true }
            return false
        }
        #expect(commits.count < 101)
        #expect(try install.alerts().contains { ($0["link"] as? String) == "https://big.example/7" })
    }

    @Test func seenItemsStayBoundedOverManyCycles() throws {
        // A feed of 10 items that publishes 2 new ones and drops the 2 oldest every hour, for 20 days; items are
        // forgotten 2 days after they left it.
        let install = try Installation(feeds: [:])
        func publish(_ first: Int) throws {
            try install.write(
                feed: "slide.xml",
                items: (first..<first + 10).map {
                    RSSItem(guid: "s\($0)", title: "Quantum widget \($0)", link: "https://slide.example/\($0)")
                })
        }
        try publish(0)
        try install.writeConfig(feeds: ["slide.xml"], backlog: "3650d")
        let clock = ManualClock()
        let retention: TimeInterval = 2 * 86_400
        let running = try install.start(clock: clock, seenRetention: retention)
        let state = try install.state()
        var largest = 0
        for hour in 1...(20 * 24) {
            try publish(2 * hour)
            try clock.advance(by: 3600)
            largest = max(largest, try state.seenItemCount())
        }
        #expect(running.stop())
        // Without pruning: 10 + 2 × 480 = 970 items. With it: the 10 in the feed, plus what left it within the
        // retention (2 an hour for 2 days) and up to a day's more until the next daily pruning: 10 + 96 + 48.
        #expect(largest <= 10 + 2 * 48 + 2 * 24)
        // Every item was alerted once, and none twice, however often the feed was read.
        let links = try install.alerts().compactMap { $0["link"] as? String }
        #expect(links.count == 10 + 2 * 480)
        #expect(Set(links).count == links.count)
    }
}
