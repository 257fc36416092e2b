import Foundation
import Testing
import VigieFetch
import VigiePipeline
import VigieStore
import VigieWatch

/// The pipeline as a function: a fetch result and a feed's state in, the new state, items and alerts out.
@Suite struct FeedProcessorTests {
    let now = Date(timeIntervalSince1970: 1_750_000_000)
    let feedURL = "https://news.example/rss"

    func processor(backlog: TimeInterval = 86_400) throws -> FeedProcessor {
        let watch = Watch(name: "widgets", level: .alert, any: ["quantum widget"])
        return FeedProcessor(matcher: try Matcher(watchlist: Watchlist(watches: [watch])), backlog: backlog)
    }

    func result(_ outcome: FetchOutcome, movedTo: String? = nil, maxAge: TimeInterval? = nil) -> FetchResult {
        FetchResult(
            request: FetchRequest(url: feedURL), outcome: outcome, status: 200, finalURL: feedURL,
            movedPermanently: movedTo, maxAge: maxAge, timings: FetchTimings(), bytesReceived: 0)
    }

    func body(_ items: [(guid: String, title: String, date: String)], etag: String = "\"v1\"") -> FetchOutcome {
        let xml = items.map {
            "<item><guid>\($0.guid)</guid><title>\($0.title)</title><link>https://news.example/\($0.guid)</link>"
                + "<pubDate>\($0.date)</pubDate></item>"
        }.joined()
        let document = "<rss version=\"2.0\"><channel><title>News</title><ttl>120</ttl>\(xml)</channel></rss>"
        return .fetched(
            FetchedBody(
                body: Array(document.utf8), charset: "utf-8", contentType: "application/rss+xml",
                validators: Validators(etag: etag, lastModified: nil)))
    }

    let recent = "Sun, 15 Jun 2025 10:00:00 GMT"  // five hours before `now`

    @Test func aFetchedFeedGivesItsItemsItsAlertsAndItsNewState() throws {
        let outcome = body([("a", "The quantum widget is here", recent), ("b", "Nothing to see", recent)])
        let poll = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        #expect(poll.outcome == .fetched(hint: 7200))
        #expect(poll.items.map(\.articleKey) == ["https://news.example/a", "https://news.example/b"])
        #expect(poll.newItems == 2)
        #expect(poll.alerts.map(\.watch) == ["widgets"])
        #expect(poll.alerts.first?.line.contains("\"title\":\"The quantum widget is here\"") == true)
        #expect(poll.state.etag == "\"v1\"" && poll.state.lastStatus == .ok && poll.state.consecutiveFailures == 0)
        #expect(poll.state.firstPolled == now && poll.state.lastFetched == now && poll.state.lastPolled == now)
        #expect(poll.state.nextPoll == nil)
    }

    @Test func anItemThatFiresSeveralWatchesMakesOneLineNamingThemAll() throws {
        let watches = [
            Watch(name: "gadgets", level: .notice, any: ["widget"]),
            Watch(name: "widgets", level: .alert, any: ["quantum widget"]),
            Watch(name: "physics", level: .alert, any: ["quantum"]),
        ]
        let processor = FeedProcessor(matcher: try Matcher(watchlist: Watchlist(watches: watches)), backlog: 86_400)
        let outcome = body([("a", "The quantum widget is here", recent)])
        let poll = processor.process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        #expect(poll.alerts.count == 1)
        #expect(poll.alerts.first?.watch == "widgets")  // the most urgent, the first in the watchlist among equals
        let line = try #require(poll.alerts.first?.line)
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        let object = try #require(parsed as? [String: Any])
        #expect(object["watch"] as? String == "widgets")
        #expect(object["level"] as? String == "alert")
        #expect(object["watches"] as? [String] == ["widgets", "physics", "gadgets"])
        #expect(object["terms"] as? [String] == ["widget", "quantum widget", "quantum"])
        #expect(object["fields"] as? [String] == ["title"])
        #expect(
            line.hasPrefix(#"{"time":"#)
                && line.contains(#""level":"alert","watches":["widgets","physics","gadgets"],"story":"s"#))
    }

    @Test func eachAlertNamesTheSinksThatTakeIt() throws {
        let watches = [
            Watch(name: "gadgets", level: .info, any: ["widget"]),
            Watch(name: "widgets", level: .alert, any: ["quantum widget"]),
        ]
        var processor = FeedProcessor(matcher: try Matcher(watchlist: Watchlist(watches: watches)), backlog: 86_400)
        processor.routes = [
            SinkRoute(name: "everything"), SinkRoute(name: "gadgets-only", watches: ["gadgets"], minLevel: .info),
            SinkRoute(name: "coverage-only", kinds: ["coverage"]),
        ]
        let outcome = body([("a", "The quantum widget is here", recent), ("b", "A widget, plain", recent)])
        let poll = processor.process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        #expect(poll.alerts.map(\.sinks) == [["everything", "gadgets-only"], ["gadgets-only"]])
    }

    @Test func theStoryRecordKeepsTheLeadNotTheWholeArticle() throws {
        let long = String(repeating: "The quantum widget ships in volume this quarter. ", count: 100)
        let document =
            "<rss version=\"2.0\"><channel><title>News</title><item><guid>a</guid><title>The quantum widget</title>"
            + "<link>https://news.example/a</link><description>\(long)</description></item></channel></rss>"
        let outcome = FetchOutcome.fetched(
            FetchedBody(
                body: Array(document.utf8), charset: "utf-8", contentType: "application/rss+xml",
                validators: Validators(etag: nil, lastModified: nil)))
        let poll = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        let record = try #require(poll.stories.first)
        #expect(record.kind == "story" && record.storyAlertID == poll.alerts.first?.alertID)
        #expect((record.summary?.count ?? 0) <= 1_000 && (record.summary?.count ?? 0) > 900)
        // Cut at a space: a prefix of the text, ending with a whole word.
        let lead = try #require(record.summary)
        #expect(long.hasPrefix(lead) && long.dropFirst(lead.count).first == " ")
    }

    @Test func itemsAlreadySeenRaiseNoAlertButAreStillListed() throws {
        let outcome = body([("a", "The quantum widget is here", recent)])
        let poll = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { _ in [] })
        #expect(poll.items.count == 1 && poll.newItems == 0 && poll.alerts.isEmpty)
    }

    @Test func theBacklogRuleOnlyAppliesToTheFirstPoll() throws {
        let old = "Mon, 06 Jan 2020 10:00:00 GMT"
        let outcome = body([("a", "Quantum widget of 2020", old)])
        let first = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
            unseen: { Set($0) })
        #expect(first.alerts.isEmpty && first.newItems == 1)
        let later = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil,
            state: FeedState(url: feedURL, firstPolled: now - 3600), at: now, unseen: { Set($0) })
        #expect(later.alerts.count == 1)
    }

    @Test func aBodyThatIsNotAFeedIsAFailureThatKeepsTheValidators() throws {
        let outcome = FetchOutcome.fetched(
            FetchedBody(
                body: Array("hello".utf8), charset: nil, contentType: "text/plain", validators: Validators(etag: "x")))
        let state = FeedState(url: feedURL, etag: "\"old\"", consecutiveFailures: 1)
        let poll = try processor().process(
            result(outcome), feedURL: feedURL, feedName: nil, state: state, at: now, unseen: { Set($0) })
        guard case .unreadable = poll.outcome else {
            Issue.record("expected unreadable, got \(poll.outcome)")
            return
        }
        #expect(poll.state.etag == "\"old\"" && poll.state.consecutiveFailures == 2 && poll.items.isEmpty)
    }

    @Test func otherOutcomesChangeOnlyTheState() throws {
        let processor = try processor()
        let state = FeedState(url: feedURL, etag: "\"v1\"")
        func run(_ outcome: FetchOutcome, movedTo: String? = nil) -> ProcessedPoll {
            processor.process(
                result(outcome, movedTo: movedTo, maxAge: 600), feedURL: feedURL, feedName: nil, state: state, at: now,
                unseen: { _ in
                    Issue.record("no items to look up")
                    return []
                })
        }
        let notModified = run(.notModified(Validators(etag: "\"v2\"")), movedTo: "https://moved.example/rss")
        #expect(notModified.outcome == .notModified(hint: 600))
        #expect(notModified.state.etag == "\"v2\"" && notModified.movedTo == "https://moved.example/rss")
        #expect(notModified.state.currentURL == "https://moved.example/rss")
        #expect(run(.gone).state.gone)
        let throttled = run(.throttled(notBefore: now + 60, status: 429))
        #expect(throttled.outcome == .throttled(notBefore: now + 60, status: 429))
        #expect(throttled.state.consecutiveFailures == 1)
        let failed = run(.failed(FetchError(code: .timeout, url: feedURL, reason: "timed out")))
        #expect(failed.outcome.isFailure && failed.state.lastStatus == .failed)
        let cancelled = run(.failed(FetchError(code: .cancelled, url: feedURL, reason: "stopping")))
        #expect(cancelled.outcome == .cancelled && cancelled.state == state)
    }

    @Test func theCallersErrorComesThrough() throws {
        struct Broken: Error {}
        let outcome = body([("a", "The quantum widget is here", recent)])
        #expect(throws: Broken.self) {
            try processor().process(
                result(outcome), feedURL: feedURL, feedName: nil, state: FeedState(url: feedURL), at: now,
                unseen: { _ throws(Broken) in throw Broken() })
        }
    }
}

/// Which sinks an alert goes to: the `[[sink]]` filters, applied when the alert is made.
@Suite struct SinkRouteTests {
    @Test func filtersByWatchLevelAndKind() {
        let all = SinkRoute(name: "all")
        #expect(all.accepts([("members", .notice)], kind: .story))
        #expect(!all.accepts([("members", .info)], kind: .story))  // below notice
        #expect(!all.accepts([("members", .alert)], kind: .coverage))  // coverage only when asked
        let urgent = SinkRoute(
            name: "urgent", watches: ["ai-alliance"], minLevel: .warning, kinds: ["story", "coverage"])
        #expect(urgent.accepts([("members", .info), ("ai-alliance", .warning)], kind: .coverage))
        #expect(urgent.accepts([("ai-alliance", .alert)], kind: .story))
        #expect(!urgent.accepts([("ai-alliance", .notice)], kind: .story))
        #expect(!urgent.accepts([("members", .alert)], kind: .story))
        // The level is that of the sink's own watches.
        #expect(!urgent.accepts([("ai-alliance", .info), ("members", .alert)], kind: .story))
    }
}
