import Foundation
import Logging
import VigieConfig
import VigieFeeds
import VigieFetch
import VigieMetrics
import VigiePipeline
import VigieStore

/// One poll of a set of feeds, end to end, without stalling: the fetcher runs on a thread of its own and only hands
/// each result over (``ResultQueue``); reader threads, one per core, parse and match results as they come
/// (``FeedProcessor/prepare(_:feedURL:feedName:state:at:unseen:)``); this thread takes what they read in the order
/// the transfers finished (``ReadyQueue``), places the articles among the stories, pings the watchdog between
/// them, and commits in batches — one transaction per batch for the feeds' states, their items and their alerts —
/// then appends the new alerts to the log at once.
///
/// A feed that fails never stops the others; its failure is logged with its URL and counted in its state. What the
/// cycle did to each feed comes back as a value (``Report``): the daemon schedules from it, reading nothing back.
final class PollCycle {
    /// One feed to poll, with its state before the poll.
    struct Target: Sendable {
        /// The feed, as configured.
        var feed: FeedConfig
        /// What the state remembers of it.
        var state: FeedState
    }

    /// What the cycle did to one feed.
    struct FeedResult: Sendable {
        /// The outcome of the poll.
        var outcome: PollOutcome
        /// The feed's state as committed (the state before the poll when nothing could be committed).
        var state: FeedState
        /// When to poll it next; `nil`: never (gone).
        var nextPoll: Date?
    }

    /// One result read, waiting for its batch's commit: the poll, and what the transfer cost (for the metrics).
    struct ReadPoll {
        /// The feed polled.
        var target: Target
        /// What its result came to.
        var poll: ProcessedPoll
        /// How long the transfer took, in seconds.
        var duration: Double
        /// The bytes it received.
        var bytes: Int
    }

    /// What a cycle did: the totals and each feed's result, by configured URL.
    struct Report: Sendable {
        /// The totals.
        var summary = CycleSummary()
        /// Each polled feed's result (cancelled transfers leave theirs out).
        var feeds: [String: FeedResult] = [:]
    }

    /// Moments of a cycle, for tests that check what overlaps what.
    enum Event: Sendable, Equatable {
        /// The fetcher handed over the result of this feed (on the fetcher's thread).
        case fetched(feed: String)
        /// This feed's result is being read.
        case readingStarted(feed: String)
        /// This feed's result has been read.
        case readingFinished(feed: String)
        /// A batch of this many feeds was committed in one transaction.
        case committed(feeds: Int)
    }

    /// At most this many results are read before their batch is committed.
    static let batchLimit = 64
    /// A batch is committed once reading it has taken this long, whatever its size, so that alerts are not held.
    static let batchTime: Duration = .milliseconds(500)

    private let processor: FeedProcessor
    private let health: FeedHealthCheck
    private let store: StateStore
    private let delivery: AlertDelivery
    private let fetcher: MultiFetcher
    private let scheduler: Scheduler
    private let logger: Logger
    private let clock: DaemonClock
    private let stories: StoryDesk
    private let onTick: () -> Void
    private let observer: (@Sendable (Event) -> Void)?
    private let metrics: DaemonMetrics?
    private var random = SystemRandomNumberGenerator()

    /// Creates a cycle over `config`'s watches. `onTick` is called between every two results read and at least
    /// once a second while transfers run (the daemon pings the watchdog from it).
    init(
        config: LoadedConfig, store: StateStore, delivery: AlertDelivery, fetcher: MultiFetcher, scheduler: Scheduler,
        stories: StoryDesk, logger: Logger, clock: DaemonClock, metrics: DaemonMetrics? = nil,
        onTick: @escaping () -> Void = {}, observer: (@Sendable (Event) -> Void)? = nil
    ) {
        var processor = FeedProcessor(
            matcher: config.matcher, backlog: config.config.backlog,
            dropsCoverage: config.config.stories.coverage == .drop,
            routes: config.config.sinks.map { sink in
                SinkRoute(
                    name: sink.name, watches: sink.watches.map(Set.init), minLevel: sink.minLevel,
                    kinds: Set(sink.kinds))
            },
            keepsText: config.config.state.keepText > 0)
        // Readers make the story fingerprints in parallel; this thread's clusterer only compares them.
        processor.fingerprintsStories = true
        self.processor = processor
        self.health = FeedHealthCheck(failures: config.config.health.failures)
        self.stories = stories
        self.store = store
        self.delivery = delivery
        self.fetcher = fetcher
        self.scheduler = scheduler
        self.logger = logger
        self.clock = clock
        self.onTick = onTick
        self.observer = observer
        self.metrics = metrics
    }

    /// Polls `targets` now and returns what it did to each.
    func run(_ targets: [Target]) -> Report {
        var report = Report()
        var byFeed: [String: Target] = [:]
        var requests: [FetchRequest] = []
        for target in targets where byFeed[target.feed.url] == nil {
            byFeed[target.feed.url] = target
            requests.append(
                FetchRequest(
                    url: target.state.currentURL ?? target.feed.url, feedID: target.feed.url,
                    etag: target.state.etag, lastModified: target.state.lastModified,
                    userAgent: target.feed.userAgent,
                    headers: target.feed.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        let queue = ResultQueue(capacity: max(fetcher.options.concurrency, 8))
        let fetcher = self.fetcher
        let observer = self.observer
        let toFetch = requests
        let fetching = Thread {
            fetcher.fetch(toFetch, admit: { queue.hasRoom }) { result in
                observer?(.fetched(feed: result.request.feedID))
                queue.push(result)
            }
            queue.finish()
        }
        fetching.name = "vigie-fetch"
        fetching.start()

        // Readers parse and match results as they come, several at once; this thread takes what they read in the
        // order the transfers finished, places the articles among the stories and records them.
        let readers = Self.readerCount
        let ready = ReadyQueue<PollReader.Read>(producers: readers)
        let targets = byFeed
        let reader = PollReader(processor: processor, store: store, clock: clock, observer: observer)
        for number in 1...readers {
            let thread = Thread {
                while let (index, result) = queue.next() {
                    ready.put(reader.read(result, of: targets[result.request.feedID]), at: index)
                }
                ready.producerFinished()
            }
            thread.name = "vigie-read-\(number)"
            thread.start()
        }

        var batch: [ReadPoll] = []
        var batchStart = ContinuousClock.now
        while let reads = ready.take(limit: Self.batchLimit, timeout: 1) {
            onTick()
            queue.release(reads.count)
            for read in reads {
                guard case .prepared(let target, let prepared, let duration, let bytes) = read else {
                    if case .failed(let error) = read {
                        report.summary.storageError = "\(error)"
                        logger.error("cannot read the seen items: \(error)", metadata: ["feed": "\(error.feed)"])
                    }
                    continue
                }
                if batch.isEmpty { batchStart = .now }
                batch.append(
                    ReadPoll(target: target, poll: finish(prepared, of: target), duration: duration, bytes: bytes))
                onTick()
                if batch.count >= Self.batchLimit || ContinuousClock.now - batchStart >= Self.batchTime {
                    commit(&batch, report: &report)
                }
            }
            // Nothing else waiting, being read or in transfer callbacks: commit now rather than hold the alerts;
            // otherwise read on, up to the limits.
            if queue.isSettled { commit(&batch, report: &report) }
        }
        commit(&batch, report: &report)
        return report
    }

    /// How many threads read results at once: one per core, at most 4 (the cycle's own thread places articles
    /// among the stories and commits; the fetcher's thread mostly waits on sockets).
    static var readerCount: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4) }

    /// Places a read poll's articles among the stories, in arrival order, and checks the feed's health (the
    /// cycle's thread).
    private func finish(_ prepared: PreparedPoll, of target: Target) -> ProcessedPoll {
        var poll = processor.finish(prepared, stories: { stories.assign($0, alertID: $1) })
        health.apply(
            to: &poll, feedName: target.feed.name, staleAfter: target.feed.staleAfter, routes: processor.routes,
            at: clock.now())
        return poll
    }

    /// Schedules every poll of `batch`, commits them in one transaction, appends their alerts to the log, and
    /// empties `batch`.
    private func commit(_ batch: inout [ReadPoll], report: inout Report) {
        guard !batch.isEmpty else { return }
        defer { batch.removeAll() }
        let now = clock.now()
        var records: [FeedPollRecord] = []
        var scheduled: [(Target, ProcessedPoll)] = []
        for read in batch {
            let target = read.target
            var poll = read.poll
            let interval = Scheduler.catchUpInterval(target.feed.interval, missedStreak: poll.state.missedStreak)
            poll.state.nextPoll = scheduler.nextPoll(
                after: Self.schedulingOutcome(poll), interval: interval, now: now, random: &random)
            scheduled.append((target, poll))
            records.append(
                FeedPollRecord(
                    state: poll.state, items: poll.items, alerts: poll.alerts, stories: poll.stories,
                    texts: poll.texts))
        }
        let inserted: [PendingAlert]
        do {
            inserted = try store.commit(records, at: now)
        } catch {
            report.summary.storageError = "\(error)"
            logger.error(
                "cannot record \(records.count) polled feeds; they are polled again at their next turn: \(error)")
            // The clusterer took in this batch's articles; the state did not: start again from the state.
            do {
                try stories.rebuild(store: store, now: now, logger: logger)
            } catch {
                logger.error("cannot read the open stories back: \(error)")
            }
            for (target, poll) in scheduled {
                report.feeds[target.feed.url] = FeedResult(
                    outcome: poll.outcome, state: target.state, nextPoll: poll.state.nextPoll)
            }
            return
        }
        observer?(.committed(feeds: records.count))
        if let metrics {
            for (read, (_, poll)) in zip(batch, scheduled) {
                metrics.recordPoll(Self.sample(poll, duration: read.duration, bytes: read.bytes))
            }
        }
        var titles: [String: String] = [:]
        for (target, poll) in scheduled {
            report.feeds[target.feed.url] = FeedResult(
                outcome: poll.outcome, state: poll.state, nextPoll: poll.state.nextPoll)
            count(poll, in: &report.summary)
            log(poll, feed: target.feed)
            titles.merge(poll.titles) { first, _ in first }
        }
        report.summary.alerts += inserted.count
        for alert in inserted {
            logger.notice(
                "alert",
                metadata: [
                    "watch": "\(alert.watch)", "title": "\(titles[alert.articleKey] ?? "")",
                    "key": "\(alert.articleKey)",
                ])
        }
        guard !inserted.isEmpty else { return }
        do {
            try delivery.flush(at: now)
        } catch {
            report.summary.storageError = "\(error)"
            logger.error("cannot write alerts; they stay pending and are retried: \(error)")
        }
    }

    /// What the metrics count of a committed poll: its outcome, transfer, new items, and the alert lines it wrote
    /// by kind and strongest watch (feed-health lines are not stories).
    static func sample(_ poll: ProcessedPoll, duration: Double, bytes: Int) -> PollSample {
        let outcome: PollSample.Outcome
        switch poll.outcome {
        case .fetched: outcome = .fetched
        case .notModified: outcome = .notModified
        case .unreadable: outcome = .unreadable
        case .failed, .cancelled: outcome = .failed
        case .gone: outcome = .gone
        case .throttled: outcome = .throttled
        }
        let kinds = Dictionary(poll.stories.map { ($0.articleKey, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var stories: [String: Int] = [:]
        var coverage: [String: Int] = [:]
        for alert in poll.alerts {
            switch kinds[alert.articleKey] {
            case "story": stories[alert.watch, default: 0] += 1
            case "coverage": coverage[alert.watch, default: 0] += 1
            default: break
            }
        }
        return PollSample(
            outcome: outcome, duration: duration, bytes: outcome == .fetched || outcome == .unreadable ? bytes : 0,
            newItems: poll.newItems, mayHaveMissedItems: poll.missedItems, storiesByWatch: stories,
            coverageByWatch: coverage)
    }

    /// The scheduler's view of a poll.
    static func schedulingOutcome(_ poll: ProcessedPoll) -> Scheduler.Outcome {
        switch poll.outcome {
        case .fetched(let hint), .notModified(let hint): .answered(hint: hint)
        case .unreadable, .failed, .cancelled: .failed(consecutiveFailures: poll.state.consecutiveFailures)
        case .gone: .gone
        case .throttled(let notBefore, _):
            .throttled(notBefore: notBefore, consecutiveFailures: poll.state.consecutiveFailures)
        }
    }

    private func count(_ poll: ProcessedPoll, in summary: inout CycleSummary) {
        summary.polled += 1
        summary.newItems += poll.newItems
        switch poll.outcome {
        case .fetched: summary.fetched += 1
        case .unreadable:
            summary.fetched += 1
            summary.failed += 1
        case .notModified: summary.notModified += 1
        case .failed, .gone, .throttled: summary.failed += 1
        case .cancelled: break
        }
    }

    private func log(_ poll: ProcessedPoll, feed: FeedConfig) {
        var log = logger
        log[metadataKey: "feed"] = "\(feed.url)"
        if let moved = poll.movedTo {
            log.notice("the feed moved permanently to \(moved); polling the new URL from now on (update the config)")
        }
        for warning in poll.warnings { log.debug("parse warning: \(warning)") }
        if poll.missedItems {
            let every = Scheduler.catchUpInterval(feed.interval, missedStreak: poll.state.missedStreak)
            log.warning(
                """
                items may have been missed: every item of the feed is new since the last poll; polling it every \
                \(Int(every)) s until a poll overlaps the last
                """,
                metadata: ["new_items": "\(poll.newItems)", "missed_polls": "\(poll.state.missedPolls)"])
        }
        if let change = poll.healthChange {
            if change.health == "recovered" {
                log.notice("feed health: \(change.title)", metadata: ["health": "\(change.health)"])
            } else {
                log.warning("feed health: \(change.title)", metadata: ["health": "\(change.health)"])
            }
        }
        switch poll.outcome {
        case .unreadable(let message):
            log.warning("the feed cannot be read: \(message)")
        case .failed(let code, let message):
            log.warning(
                "fetch failed (\(poll.state.consecutiveFailures) in a row): \(message)", metadata: ["code": "\(code)"])
        case .gone:
            log.warning("the feed is gone (HTTP 410): it is no longer polled; remove it from the configuration")
        case .throttled(_, let status):
            log.notice("the server asks to wait (HTTP \(status))")
        case .fetched, .notModified, .cancelled:
            break
        }
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
