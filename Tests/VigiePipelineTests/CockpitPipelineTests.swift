import Foundation
import Testing
import VigieFetch
import VigiePipeline
import VigieStore
import VigieWatch

/// What a poll tells the operator: missed items, the kept texts, the feed's health and its lines, and backtests.
@Suite struct CockpitPipelineTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let feedURL = "https://news.example/rss"

    func processor(keepsText: Bool = false, routes: [SinkRoute] = []) throws -> FeedProcessor {
        let watch = Watch(name: "widgets", level: .alert, any: ["quantum widget"])
        return FeedProcessor(
            matcher: try Matcher(watchlist: Watchlist(watches: [watch])), backlog: 86_400, routes: routes,
            keepsText: keepsText)
    }

    func fetched(_ guids: [String]) -> FetchResult {
        let xml = guids.map {
            "<item><guid>\($0)</guid><title>Item \($0) on the quantum widget</title>"
                + "<link>https://news.example/\($0)</link><description>About &lt;b&gt;\($0)&lt;/b&gt;</description>"
                + "<pubDate>Sun, 15 Jun 2025 10:00:00 GMT</pubDate></item>"
        }.joined()
        let document = "<rss version=\"2.0\"><channel><title>News</title>\(xml)</channel></rss>"
        return result(
            .fetched(
                FetchedBody(
                    body: Array(document.utf8), charset: "utf-8", contentType: "application/rss+xml",
                    validators: Validators(etag: nil, lastModified: nil))))
    }

    func result(_ outcome: FetchOutcome) -> FetchResult {
        FetchResult(
            request: FetchRequest(url: feedURL), outcome: outcome, status: 200, finalURL: feedURL,
            movedPermanently: nil, maxAge: nil, timings: FetchTimings(), bytesReceived: 0)
    }

    var failure: FetchResult {
        result(.failed(FetchError(code: .connect, url: feedURL, reason: "connection refused")))
    }

    func keys(_ guids: [String]) -> [String] { guids.map { "https://news.example/\($0)" } }

    // MARK: missed items

    @Test func aPollOfAKnownFeedWhoseItemsAreAllNewMayHaveMissedSome() throws {
        var state = FeedState(url: feedURL, firstPolled: now.addingTimeInterval(-3600))
        let first = try processor().process(
            fetched(["a", "b"]), feedURL: feedURL, feedName: nil, state: state, at: now, unseen: { Set($0) })
        #expect(first.missedItems)
        #expect(first.state.missedPolls == 1 && first.state.missedStreak == 1)
        state = first.state
        let second = try processor().process(
            fetched(["c", "d"]), feedURL: feedURL, feedName: nil, state: state, at: now, unseen: { Set($0) })
        #expect(second.state.missedPolls == 2 && second.state.missedStreak == 2)
        // One item seen before: the polls overlap again, the streak ends, the count stays.
        let third = try processor().process(
            fetched(["d", "e"]), feedURL: feedURL, feedName: nil, state: second.state, at: now,
            unseen: { Set($0).subtracting(keys(["d"])) })
        #expect(!third.missedItems)
        #expect(third.state.missedPolls == 2 && third.state.missedStreak == 0)
    }

    @Test func aFirstPollAnEmptyFeedOrA304NeverCountsAsMissed() throws {
        let first = try processor().process(
            fetched(["a"]), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        #expect(!first.missedItems && first.state.missedPolls == 0)
        let empty = try processor().process(
            fetched([]), feedURL: feedURL, feedName: nil, state: first.state, at: now, unseen: { Set($0) })
        #expect(!empty.missedItems)
        var streaking = first.state
        streaking.missedStreak = 2
        let notModified = try processor().process(
            result(.notModified(Validators(etag: nil, lastModified: nil))), feedURL: feedURL, feedName: nil,
            state: streaking, at: now, unseen: { Set($0) })
        #expect(notModified.state.missedStreak == 2, "a 304 says nothing of overlap: the catch-up goes on")
    }

    // MARK: items seen, last new item, texts

    @Test func newItemsAreCountedDatedAndTheirTextsKept() throws {
        let poll = try processor(keepsText: true).process(
            fetched(["a", "b"]), feedURL: feedURL, feedName: nil,
            state: FeedState(url: feedURL, firstPolled: now.addingTimeInterval(-60), itemsSeen: 5), at: now,
            unseen: { Set($0).subtracting(keys(["a"])) })
        #expect(poll.state.itemsSeen == 6 && poll.state.lastNewItem == now)
        #expect(poll.texts.map(\.articleKey) == keys(["b"]))
        let text = try #require(poll.texts.first)
        #expect(text.title == "Item b on the quantum widget" && text.link == "https://news.example/b")
        #expect(text.summary == "About b", "the text the matcher reads, not the HTML")
        #expect(text.feedURL == feedURL && text.seen == now && text.published != nil)
        let none = try processor(keepsText: false).process(
            fetched(["c"]), feedURL: feedURL, feedName: nil, state: poll.state, at: now, unseen: { Set($0) })
        #expect(none.texts.isEmpty)
    }

    @Test func aKeptTextIsCutAtItsBoundOnAScalarBoundary() {
        let long = String(repeating: "é", count: ItemText.summaryLimit)  // two bytes each
        let text = ItemText(
            articleKey: "k", feedURL: feedURL, id: "k", title: nil, link: nil, summary: long + "x", content: nil,
            published: nil, seen: now)
        #expect(text.summary?.utf8.count == ItemText.summaryLimit)
        #expect(text.summary?.unicodeScalars.allSatisfy { $0 == "é" } == true)
        let odd = ItemText(
            articleKey: "k", feedURL: feedURL, id: "k", title: "a" + long, link: nil, summary: nil, content: nil,
            published: nil, seen: now)
        #expect(odd.title?.utf8.count == ItemText.titleLimit - 1, "never half a character")
    }

    // MARK: health

    @Test func aFeedTurnsFailingAtTheThresholdOnceAndRecoversOnce() throws {
        let check = FeedHealthCheck(failures: 3)
        let routes = [
            SinkRoute(name: "ops", kinds: ["feed-health"]),
            SinkRoute(name: "news", kinds: ["story"]),
            SinkRoute(name: "pager", minLevel: .alert, kinds: ["feed-health"]),
        ]
        var state = FeedState(url: feedURL, firstPolled: now)
        var lines: [String] = []
        var sinks: [[String]] = []
        for attempt in 0..<6 {
            var poll = try processor().process(
                failure, feedURL: feedURL, feedName: "News", state: state, at: now.addingTimeInterval(Double(attempt)),
                unseen: { Set($0) })
            check.apply(to: &poll, feedName: "News", staleAfter: nil, routes: routes, at: now)
            lines += poll.alerts.map(\.line)
            sinks += poll.alerts.map(\.sinks)
            state = poll.state
            #expect(state.health == (attempt >= 2 ? .failing : .ok))
        }
        #expect(lines.count == 1, "one line when it turns bad, none per failed poll after")
        var poll = try processor().process(
            fetched(["a"]), feedURL: feedURL, feedName: "News", state: state, at: now, unseen: { _ in [] })
        check.apply(to: &poll, feedName: "News", staleAfter: nil, routes: routes, at: now)
        lines += poll.alerts.map(\.line)
        sinks += poll.alerts.map(\.sinks)
        #expect(poll.state.health == .ok && lines.count == 2)
        let failing = try object(lines[0])
        #expect(failing["kind"] as? String == "feed-health" && failing["health"] as? String == "failing")
        #expect(failing["level"] as? String == "warning" && failing["feed"] as? String == feedURL)
        #expect(failing["consecutive_failures"] as? Int == 3)
        #expect((failing["title"] as? String)?.contains("News (3 failed polls in a row") == true)
        #expect((failing["last_error"] as? String)?.contains("connection refused") == true)
        #expect(failing["watch"] is NSNull && (failing["watches"] as? [Any])?.isEmpty == true)
        let recovered = try object(lines[1])
        #expect(recovered["health"] as? String == "recovered" && recovered["previous"] as? String == "failing")
        #expect(recovered["level"] as? String == "notice")
        #expect(sinks == [["ops"], ["ops"]], "sinks that ask for feed-health, at their level; not the others")
    }

    @Test func aFeedWithoutNewItemsForItsStaleAfterIsStaleUntilOneComes() throws {
        let check = FeedHealthCheck()
        var state = FeedState(url: feedURL, firstPolled: now, lastNewItem: now)
        var poll = try processor().process(
            fetched(["a"]), feedURL: feedURL, feedName: nil, state: state, at: now.addingTimeInterval(3000),
            unseen: { _ in [] })
        check.apply(to: &poll, feedName: nil, staleAfter: 3600, routes: [], at: now.addingTimeInterval(3000))
        #expect(poll.state.health == .ok && poll.alerts.isEmpty)
        state = poll.state
        poll = try processor().process(
            result(.notModified(Validators(etag: nil, lastModified: nil))), feedURL: feedURL, feedName: nil,
            state: state, at: now.addingTimeInterval(4000), unseen: { _ in [] })
        check.apply(to: &poll, feedName: nil, staleAfter: 3600, routes: [], at: now.addingTimeInterval(4000))
        #expect(poll.state.health == .stale && poll.alerts.count == 1)
        #expect(try object(poll.alerts[0].line)["health"] as? String == "stale")
        poll = try processor().process(
            fetched(["b"]), feedURL: feedURL, feedName: nil, state: poll.state, at: now.addingTimeInterval(5000),
            unseen: { Set($0) })
        let before = poll.alerts.count
        check.apply(to: &poll, feedName: nil, staleAfter: 3600, routes: [], at: now.addingTimeInterval(5000))
        #expect(poll.state.health == .ok && poll.alerts.count == before + 1)
        #expect(try object(poll.alerts[before].line)["health"] as? String == "recovered")
        // Without stale_after a feed is never stale.
        #expect(check.health(of: state, staleAfter: nil, at: now.addingTimeInterval(1e7)) == .ok)
    }

    @Test func aGoneFeedIsFailingAtOnce() throws {
        var poll = try processor().process(
            result(.gone), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        FeedHealthCheck().apply(to: &poll, feedName: nil, staleAfter: nil, routes: [], at: now)
        #expect(poll.state.health == .failing)
        #expect((try object(poll.alerts[0].line)["title"] as? String)?.contains("410") == true)
    }

    // MARK: backtest

    @Test func aBacktestNamesWhatAnAddedAndARemovedKeywordChange() throws {
        let items = [
            text("1", "Granite 4 released by IBM"), text("2", "Meta ships Llama 4"),
            text("3", "A quantum widget appears"), text("4", "Nothing relevant"),
        ]
        let current = Watchlist(watches: [
            Watch(name: "models", level: .notice, any: ["Llama"]),
            Watch(name: "widgets", level: .alert, any: ["quantum widget"]),
        ])
        let changed = Watchlist(watches: [Watch(name: "models", level: .notice, any: ["Granite"])])
        let proposed = Backtest.overlay(current, with: changed)
        #expect(proposed.watches.map(\.name) == ["models", "widgets"], "widgets kept as it is")
        let changes = try Backtest.changes(over: items, current: current, proposed: proposed)
        #expect(
            changes.map { "\($0.kind.rawValue) \($0.watch) \($0.item.id)" } == ["added models 1", "dropped models 2"])
        let only = try Backtest.changes(over: items, current: current, proposed: changed)
        #expect(
            only.map { "\($0.kind.rawValue) \($0.watch) \($0.item.id)" } == [
                "added models 1", "dropped models 2", "dropped widgets 3",
            ])
        let added = Backtest.overlay(current, with: Watchlist(watches: [Watch(name: "new", any: ["relevant"])]))
        #expect(try Backtest.changes(over: items, current: current, proposed: added).map(\.item.id) == ["4"])
    }

    func text(_ id: String, _ title: String) -> ItemText {
        ItemText(
            articleKey: id, feedURL: feedURL, id: id, title: title, link: "https://news.example/\(id)", summary: nil,
            content: nil, published: nil, seen: now)
    }

    func object(_ line: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }
}
