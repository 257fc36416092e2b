import Foundation
import Logging
import VigieFeeds
import VigieFetch
import VigieStore
import VigieSystemd
import VigieWatch

/// `vigie run`: the long-running daemon, and `vigie run --once`.
///
/// Start-up: load and validate the settings, open the state and the alert log, reconcile pending alerts, then tell
/// systemd `READY=1` (before the first poll). The loop polls every feed that is due, sleeps until the next one is
/// (or a signal arrives), pings the watchdog from the same loop, and keeps `STATUS=` current. SIGHUP reloads
/// (keeping the old settings when the new ones are invalid), SIGUSR1 reopens the alert log, SIGTERM/SIGINT stop:
/// transfers are cancelled, pending alerts flushed, and the process exits 0.
public final class Daemon {
    /// Why the daemon could not start or had to stop, with the exit status to use (sysexits).
    public struct Failure: Error, CustomStringConvertible {
        /// The exit status.
        public var status: Int32
        /// What happened and what to do.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    private let configPath: String
    private var settings: Settings
    private let logger: Logger
    private let notifier: SystemdNotifier
    private let scheduler: Scheduler
    private let clock: @Sendable () -> Date
    private let store: StateStore
    private let log: AlertLog
    private let delivery: AlertDelivery
    private let fetcherSlot: FetcherSlot
    private var fetcher: MultiFetcher { fetcherSlot.current }
    private var schedule: [String: Date] = [:]
    private var lastWatchdog = ContinuousClock.now
    /// The wall clock and the monotonic clock at the last turn of the loop, to notice the wall clock being set.
    private var lastTick: (wall: Date, monotonic: ContinuousClock.Instant)?
    /// A wall clock set back by more than this moves the schedule back with it (and, at start-up, a last poll
    /// this far in the future means the clock was set back since).
    static let clockJumpTolerance: TimeInterval = 5

    /// Loads everything the daemon needs; throws a ``Failure`` naming the problem (invalid config: 78, state or log
    /// unusable: 73).
    public init(
        configPath: String, logger: Logger, notifier: SystemdNotifier = SystemdNotifier(),
        scheduler: Scheduler = Scheduler(), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(Failure) {
        self.configPath = configPath
        self.logger = logger
        self.notifier = notifier
        self.scheduler = scheduler
        self.clock = clock
        do {
            settings = try Settings.load(path: configPath)
        } catch {
            for problem in error.errors { logger.error("\(problem)") }
            throw Failure(
                status: 78, message: "invalid configuration (\(error.errors.count) problems); nothing started")
        }
        let config = settings.config
        do {
            try FileManager.default.createDirectory(
                atPath: config.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750]
            )
            store = try StateStore(path: (config.stateDirectory as NSString).appendingPathComponent("state.sqlite"))
            log = try AlertLog(path: config.alertLog)
            delivery = AlertDelivery(store: store, log: log, rotatedLogPaths: [config.alertLog + ".1"])
            let report = try delivery.reconcile(at: clock())
            if report.appended > 0 || report.foundInLog > 0 || report.repairedTornLine {
                logger.notice(
                    "reconciled pending alerts with the log",
                    metadata: [
                        "found": "\(report.foundInLog)", "appended": "\(report.appended)",
                        "repaired_torn_line": "\(report.repairedTornLine)",
                    ])
            }
        } catch {
            throw Failure(status: 73, message: "cannot open the state or the alert log: \(error)")
        }
        fetcherSlot = FetcherSlot(MultiFetcher(options: config.fetch))
    }

    /// A handler that cancels transfers in flight, so a stop is not held up by a slow server; safe to call from
    /// any thread (``SignalEvents`` calls it as soon as SIGTERM arrives).
    public var stopHandler: @Sendable () -> Void {
        let slot = fetcherSlot
        return { slot.current.cancel() }
    }

    /// Polls every enabled feed that is not gone once, writes the alerts, and returns the summary (`--once`).
    public func runOnce() -> CycleSummary {
        let feeds = settings.config.feeds.filter { $0.enabled && !isGone($0) }
        logger.info("polling \(feeds.count) feeds once")
        let summary = makeCycle().run(feeds)
        logSummary(summary)
        return summary
    }

    /// Runs until asked to stop. `signals` delivers SIGHUP/SIGTERM/SIGUSR1.
    public func run(signals: SignalEvents) {
        notifier.ready(status: "started: \(settings.config.feeds.count) feeds")
        logger.notice(
            "vigie started",
            metadata: ["feeds": "\(settings.config.feeds.count)", "watches": "\(settings.watchlist.watches.count)"])
        initialSchedule()
        while true {
            if handle(signals.take()) { break }
            let now = clock()
            followClockJump(now: now)
            let due = settings.config.feeds.filter { feed in
                feed.enabled && (schedule[feed.url].map { $0 <= now } ?? false)
            }
            if !due.isEmpty {
                let summary = makeCycle().run(due) { [self] in pingWatchdog() }
                logSummary(summary)
                for feed in due { schedule[feed.url] = nextPoll(of: feed) }
                updateStatus()
                continue
            }
            pingWatchdog()
            let next = schedule.values.min().map { $0.timeIntervalSince(clock()) } ?? 3600
            let watchdog = notifier.watchdogInterval.map { Double($0.components.seconds) } ?? 3600
            signals.wait(seconds: max(0.05, min(next, watchdog, 3600)))
        }
        notifier.stopping()
        do {
            try delivery.flush(at: clock())
        } catch {
            logger.error("alerts still pending at exit (written at next start): \(error)")
        }
        log.close()
        logger.notice("vigie stopped")
    }

    /// Acts on signals; returns true when the daemon must stop.
    private func handle(_ requests: [SignalEvents.Request]) -> Bool {
        for request in requests {
            switch request {
            case .stop:
                logger.notice("stopping")
                return true
            case .reopenLog:
                do {
                    try log.reopen()
                    logger.info("alert log reopened", metadata: ["path": "\(settings.config.alertLog)"])
                } catch {
                    logger.error("cannot reopen the alert log: \(error)")
                }
            case .reload:
                reload()
            }
        }
        return false
    }

    private func reload() {
        notifier.reloading()
        do {
            let fresh = try Settings.load(path: configPath)
            if fresh.config.stateDirectory != settings.config.stateDirectory
                || fresh.config.alertLog != settings.config.alertLog
            {
                logger.warning("state_dir and alert_log changes take effect at the next restart")
            }
            if fresh.config.fetch != settings.config.fetch {
                fetcherSlot.current = MultiFetcher(options: fresh.config.fetch)
            }
            settings = fresh
            let known = Set(settings.config.feeds.map(\.url))
            schedule = schedule.filter { known.contains($0.key) }
            for feed in settings.config.feeds where schedule[feed.url] == nil && !isGone(feed) {
                schedule[feed.url] = clock()
            }
            logger.notice(
                "configuration reloaded",
                metadata: ["feeds": "\(settings.config.feeds.count)", "watches": "\(settings.watchlist.watches.count)"])
        } catch {
            for problem in error.errors { logger.error("reload refused: \(problem)") }
            logger.error(
                "reload refused: the configuration has \(error.errors.count) problems; still running with the previous one"
            )
        }
        notifier.ready()
        updateStatus()
    }

    private func makeCycle() -> PollCycle {
        PollCycle(
            settings: settings, store: store, delivery: delivery, fetcher: fetcher, scheduler: scheduler,
            logger: logger, clock: clock)
    }

    private func isGone(_ feed: FeedConfig) -> Bool {
        ((try? store.feedState(url: feed.url)) ?? nil)?.gone ?? false
    }

    private func nextPoll(of feed: FeedConfig) -> Date? {
        guard let state = (try? store.feedState(url: feed.url)) ?? nil else { return clock() + feed.interval }
        if state.gone { return nil }
        return state.nextPoll ?? clock() + feed.interval
    }

    /// Keeps the schedule in step with a wall clock set backwards (by hand, or by NTP): the next polls are instants
    /// of the wall clock, so without this a clock set back a day would stop polling for a day. A forward jump needs
    /// nothing: the feeds are due, polled at once, then on schedule from the new time.
    private func followClockJump(now: Date) {
        let monotonic = ContinuousClock.now
        defer { lastTick = (now, monotonic) }
        guard let last = lastTick else { return }
        let elapsed = monotonic - last.monotonic
        let skew =
            now.timeIntervalSince(last.wall) - Double(elapsed.components.seconds)
            - Double(elapsed.components.attoseconds) / 1e18
        guard skew < -Self.clockJumpTolerance else { return }
        logger.warning("the wall clock was set back \(Int(-skew)) s; the next polls move back with it")
        schedule = schedule.mapValues { $0.addingTimeInterval(skew) }
    }

    /// Feeds due now (new, or overdue after downtime) are spread over the start-up window; the others keep the
    /// time the state remembers, unless their last poll lies in the future (the clock was set back since).
    private func initialSchedule() {
        let now = clock()
        var due: [FeedConfig] = []
        var setBack = 0
        for feed in settings.config.feeds where feed.enabled {
            let state = (try? store.feedState(url: feed.url)) ?? nil
            if state?.gone == true {
                logger.warning(
                    "the feed is gone (HTTP 410) and not polled; remove it from the configuration",
                    metadata: ["feed": "\(feed.url)"])
                continue
            }
            let polledInTheFuture = state?.lastPolled.map { $0.timeIntervalSince(now) > Self.clockJumpTolerance }
            if polledInTheFuture == true { setBack += 1 }
            if let next = state?.nextPoll, next > now, polledInTheFuture != true {
                schedule[feed.url] = next
            } else {
                due.append(feed)
            }
        }
        if setBack > 0 {
            logger.warning(
                "the wall clock is behind the last poll of \(setBack) feeds (set back?); they are polled now")
        }
        let shortest = settings.config.feeds.map(\.interval).min() ?? settings.config.interval
        for (feed, time) in zip(due, scheduler.spreadFirstPolls(count: due.count, now: now, shortestInterval: shortest))
        {
            schedule[feed.url] = time
        }
    }

    private func pingWatchdog() {
        guard let interval = notifier.watchdogInterval else { return }
        if ContinuousClock.now - lastWatchdog >= interval / 2 {
            notifier.watchdog()
            lastWatchdog = .now
        }
    }

    private func updateStatus() {
        let states = (try? store.allFeedStates()) ?? []
        let failing = states.filter { $0.consecutiveFailures > 0 && !$0.gone }.count
        let gone = states.filter(\.gone).count
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let startOfDay = calendar.startOfDay(for: clock())
        let today = (try? store.alertsWritten(since: startOfDay)) ?? 0
        let total = settings.config.feeds.count
        notifier.status(
            "\(total) feeds: \(total - failing - gone) ok, \(failing) failing, \(gone) gone; \(today) alerts today (UTC)"
        )
    }

    private func logSummary(_ summary: CycleSummary) {
        logger.info(
            "poll cycle done",
            metadata: [
                "polled": "\(summary.polled)", "fetched": "\(summary.fetched)",
                "not_modified": "\(summary.notModified)", "failed": "\(summary.failed)",
                "new_items": "\(summary.newItems)", "alerts": "\(summary.alerts)",
            ])
    }
}
