import Foundation
import Logging
import VigieConfig
import VigieFeeds
import VigieFetch
import VigieStore
import VigieWatch

/// One poll of a set of feeds, end to end: fetch (all at once over the multi fetcher), parse, match, de-duplicate
/// against the state, record alerts as pending, append them to the alert log, and schedule each feed's next poll.
///
/// A feed that fails never stops the others; its failure is logged with its URL and counted in its state.
final class PollCycle {
    /// What a cycle did.
    typealias Summary = CycleSummary

    let settings: LoadedConfig
    let store: StateStore
    let delivery: AlertDelivery
    let fetcher: MultiFetcher
    let scheduler: Scheduler
    let logger: Logger
    let clock: @Sendable () -> Date
    private var random = SystemRandomNumberGenerator()

    init(
        settings: LoadedConfig, store: StateStore, delivery: AlertDelivery, fetcher: MultiFetcher, scheduler: Scheduler,
        logger: Logger, clock: @escaping @Sendable () -> Date
    ) {
        self.settings = settings
        self.store = store
        self.delivery = delivery
        self.fetcher = fetcher
        self.scheduler = scheduler
        self.logger = logger
        self.clock = clock
    }

    /// Polls `feeds` now. `onTick` is called at least once a second while transfers run.
    func run(_ feeds: [FeedConfig], onTick: @escaping () -> Void = {}) -> Summary {
        var summary = Summary()
        // Each feed's state is read once, before the fetch, and handed to the result's handler.
        var feedsByRequest: [String: (feed: FeedConfig, state: FeedState)] = [:]
        var requests: [FetchRequest] = []
        for feed in feeds {
            let state: FeedState
            do {
                state = try store.feedState(url: feed.url) ?? FeedState(url: feed.url)
            } catch {
                summary.storageError = "\(error)"
                logger.error("cannot read the feed's state: \(error)", metadata: ["feed": "\(feed.url)"])
                continue
            }
            let url = state.currentURL ?? feed.url
            feedsByRequest[url] = (feed, state)
            requests.append(
                FetchRequest(
                    url: url, etag: state.etag, lastModified: state.lastModified, userAgent: feed.userAgent,
                    headers: feed.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        fetcher.fetch(requests, onTick: onTick) { result in
            guard let (feed, state) = feedsByRequest[result.request.url] else { return }
            summary.polled += 1
            handle(result, feed: feed, state: state, summary: &summary)
        }
        do {
            try delivery.flush(at: clock())
        } catch {
            summary.storageError = "\(error)"
            logger.error("cannot write alerts; they stay pending and are retried: \(error)")
        }
        return summary
    }

    private func handle(_ result: FetchResult, feed: FeedConfig, state: FeedState, summary: inout Summary) {
        let now = clock()
        var log = logger
        log[metadataKey: "feed"] = "\(feed.url)"
        var state = state
        if case .failed(let error) = result.outcome, error.code == .cancelled { return }
        state.lastPolled = now
        if let moved = result.movedPermanently, moved != state.currentURL {
            log.notice("the feed moved permanently to \(moved); polling the new URL from now on (update the config)")
            state.currentURL = moved
        }
        let outcome: Scheduler.Outcome
        switch result.outcome {
        case .fetched(let body):
            summary.fetched += 1
            do {
                let parsed = try FeedParser().parse(body.body, documentURL: result.finalURL, charset: body.charset)
                for warning in parsed.warnings.prefix(3) { log.debug("parse warning: \(warning)") }
                let firstPoll = state.firstPolled == nil
                let counts = try process(parsed, feed: feed, firstPoll: firstPoll, now: now, log: log)
                summary.newItems += counts.newItems
                summary.alerts += counts.alerts
                state.etag = body.validators.etag
                state.lastModified = body.validators.lastModified
                state.lastStatus = .ok
                state.lastError = nil
                state.consecutiveFailures = 0
                if firstPoll { state.firstPolled = now }
                let hint = [parsed.refreshInterval, result.maxAge].compactMap { $0 }.max()
                outcome = .answered(hint: hint)
            } catch let error as FeedParseError {
                summary.failed += 1
                state.consecutiveFailures += 1
                state.lastStatus = .failed
                state.lastError = error.message
                log.warning("the feed cannot be read: \(error.message)")
                outcome = .failed(consecutiveFailures: state.consecutiveFailures)
            } catch {
                summary.storageError = "\(error)"
                log.error("cannot record the feed's items: \(error)")
                return
            }
        case .notModified(let validators):
            summary.notModified += 1
            state.etag = validators.etag ?? state.etag
            state.lastModified = validators.lastModified ?? state.lastModified
            state.lastStatus = .notModified
            state.lastError = nil
            state.consecutiveFailures = 0
            outcome = .answered(hint: result.maxAge)
        case .gone:
            summary.failed += 1
            state.gone = true
            state.lastStatus = .gone
            state.lastError = "HTTP 410 Gone"
            log.warning("the feed is gone (HTTP 410): it is no longer polled; remove it from the configuration")
            outcome = .gone
        case .throttled(let notBefore, let status):
            summary.failed += 1
            state.consecutiveFailures += 1
            state.lastStatus = .throttled
            state.lastError = "HTTP \(status): the server asks to wait"
            log.notice("the server asks to wait (HTTP \(status))")
            outcome = .throttled(notBefore: notBefore, consecutiveFailures: state.consecutiveFailures)
        case .failed(let error):
            summary.failed += 1
            state.consecutiveFailures += 1
            state.lastStatus = .failed
            state.lastError = error.description
            log.warning(
                "fetch failed (\(state.consecutiveFailures) in a row): \(error)",
                metadata: ["code": "\(error.code)"])
            outcome = .failed(consecutiveFailures: state.consecutiveFailures)
        }
        state.nextPoll = scheduler.nextPoll(after: outcome, interval: feed.interval, now: now, random: &random)
        do {
            try store.save(state)
        } catch {
            summary.storageError = "\(error)"
            log.error("cannot save the feed's state: \(error)")
        }
    }

    /// Matches the feed's unseen items and records them (and their alerts, as pending) in one transaction.
    private func process(_ parsed: Feed, feed: FeedConfig, firstPoll: Bool, now: Date, log: Logger) throws
        -> (newItems: Int, alerts: Int)
    {
        let keys = parsed.items.map { CanonicalLink.articleKey(link: $0.link, id: $0.id, feedURL: feed.url) }
        let unseen = try store.unseenKeys(keys)
        var seen: [SeenItem] = []
        var alerts: [NewAlert] = []
        var titles: [String: String] = [:]
        let oldest = now.addingTimeInterval(-settings.config.backlog)
        for (item, key) in zip(parsed.items, keys) where unseen.contains(key) && titles[key] == nil {
            titles[key] = item.title ?? item.id
            seen.append(SeenItem(articleKey: key, feedURL: feed.url))
            // The backlog rule: on a feed's first poll, old items are only remembered. Undated items count as new.
            if firstPoll, let date = item.published ?? item.updated, date < oldest { continue }
            let matchable = MatchableItem(id: item.id, title: item.title, summary: item.summary, content: item.content)
            for match in settings.matcher.match(matchable) {
                let alertID = NewAlert.makeAlertID()
                let line = AlertRecord.line(
                    alertID: alertID, match: match, item: item, feedURL: feed.url,
                    feedTitle: parsed.title ?? feed.name, articleKey: key, time: now)
                alerts.append(NewAlert(alertID: alertID, watch: match.watch, articleKey: key, line: line))
            }
        }
        let recorded = try store.record(seen: seen, alerts: alerts, at: now)
        for alert in recorded {
            log.notice("alert", metadata: ["watch": "\(alert.watch)", "title": "\(titles[alert.articleKey] ?? "")"])
        }
        return (seen.count, recorded.count)
    }
}

/// What a poll cycle did, for logs, `STATUS=` and `vigie run --once`.
public struct CycleSummary: Sendable, Equatable {
    /// Feeds that got an answer or a failure (cancelled transfers are not counted).
    public var polled = 0
    /// Feeds that sent a body.
    public var fetched = 0
    /// Feeds that answered 304.
    public var notModified = 0
    /// Feeds that failed (transport, HTTP status, not a feed, gone, throttled).
    public var failed = 0
    /// Items seen for the first time.
    public var newItems = 0
    /// Alerts recorded.
    public var alerts = 0
    /// Set when the state or the alert log could not be written (the alerts stay pending).
    public var storageError: String?
}
