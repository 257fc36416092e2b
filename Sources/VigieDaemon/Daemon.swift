import Foundation
import Logging
import VigieConfig
import VigieFetch
import VigieMetrics
import VigieStore
import VigieSystemd

/// `vigie run`: the long-running daemon, and `vigie run --once`. The loop and the schedule, nothing else: the
/// stages it wires together (fetch, read, record, deliver) are ``PollCycle``'s and the modules below.
///
/// Start-up: load and validate the configuration, open the state and the alert log, reconcile pending alerts, read
/// every feed's state once, then tell systemd `READY=1` (before the first poll). The loop polls every feed that is
/// due, sleeps until the next one is (or a signal arrives, or at most ``maxSleep``), pings the watchdog from the same
/// loop, prunes the state once a day, and keeps `STATUS=` current. The schedule lives in memory, fed by what each
/// cycle returns; the state only keeps it for the next start. SIGHUP reloads (keeping the old configuration when
/// the new one is invalid), SIGUSR1 reopens the alert log, SIGTERM/SIGINT stop: transfers are cancelled, pending
/// alerts flushed, and the process exits 0.
public final class Daemon {
    /// Why the daemon could not start, with the exit status to use.
    public struct Failure: Error, CustomStringConvertible {
        /// The exit status.
        public var status: ExitStatus
        /// What happened and what to do.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// One configured feed, as the loop tracks it.
    struct TrackedFeed {
        /// The feed, as configured.
        var config: FeedConfig
        /// Its state, as last committed.
        var state: FeedState
        /// When it is polled next; `nil`: not scheduled (disabled, gone, or before the loop starts).
        var next: Date?
    }

    /// A wall clock set back by more than this moves the schedule back with it (and, at start-up, a last poll
    /// this far in the future means the clock was set back since).
    static let clockJumpTolerance: TimeInterval = 5
    /// The longest sleep of the loop: a wall clock set forward is noticed within it.
    static let maxSleep: Duration = .seconds(60)
    /// How often the state is pruned (seen items past their retention, rows of feeds no longer configured).
    static let maintenanceInterval: Duration = .seconds(86_400)
    /// How often alerts left pending by a failing log or state are retried (after cycles and while idle).
    static let deliveryRetryInterval: Duration = .seconds(5)
    /// How often the heartbeat is written while idle (`vigie status` calls the daemon gone after three missed).
    static let heartbeatInterval: Duration = .seconds(30)
    /// How often the kept item texts are pruned to `[state] keep_text` and `keep_text_max`.
    static let textPruneInterval: Duration = .seconds(3600)

    private let configPath: String
    private var loaded: LoadedConfig
    private let logger: Logger
    private let logLevel: LogLevelControl?
    private let notifier: SystemdNotifier
    private let watchdog: Watchdog
    private let scheduler: Scheduler
    private let clock: DaemonClock
    private let seenRetention: TimeInterval
    private let store: StateStore
    private let log: AlertLog
    private let delivery: AlertDelivery
    private let fetcherSlot: FetcherSlot
    private var stories: StoryDesk
    private let sinks: SinkDispatcher
    private var feeds: [TrackedFeed] = []
    /// The wall clock and the monotonic clock at the last turn of the loop, to notice the wall clock being set.
    private var lastTick: (wall: Date, uptime: Duration)?
    private var lastMaintenance: Duration?
    private var deliveryFailing = false
    private var lastDeliveryRetry: Duration = .zero
    private let metrics: DaemonMetrics
    /// The last failure to write `metrics_file`, logged once until it changes or the file is written again.
    private var metricsProblem: String?
    private var heartbeat: Heartbeat?
    private var lastBeat: Duration?
    private var lastTextPrune: Duration?
    /// Told of every moment of every cycle (tests).
    var cycleObserver: (@Sendable (PollCycle.Event) -> Void)?

    /// Loads everything the daemon needs; throws a ``Failure`` naming the problem (invalid configuration:
    /// ``ExitStatus/configError``; state or log unusable: ``ExitStatus/cannotCreate``).
    ///
    /// `logLevel`, when given, is set to the configuration's `log_level` now and at every reload. `seenRetention`
    /// is how long a seen item that left its feed is remembered (``StateStore/forgetSeenItems(notSeenSince:configuredFeeds:)``).
    public init(
        configPath: String, logger: Logger, logLevel: LogLevelControl? = nil,
        notifier: SystemdNotifier = SystemdNotifier(), scheduler: Scheduler = Scheduler(),
        clock: DaemonClock = .system, seenRetention: TimeInterval = StateStore.defaultSeenRetention
    ) throws(Failure) {
        self.configPath = configPath
        self.logger = logger
        self.logLevel = logLevel
        self.notifier = notifier
        self.watchdog = Watchdog(notifier: notifier)
        self.scheduler = scheduler
        self.clock = clock
        self.seenRetention = seenRetention
        do {
            loaded = try LoadedConfig.load(path: configPath)
        } catch {
            for problem in error.errors { logger.error("\(problem)") }
            throw Failure(
                status: .configError,
                message: "invalid configuration (\(error.errors.count) problems); nothing started")
        }
        Self.apply(loaded.config.logLevel, to: logLevel)
        for warning in loaded.config.warnings { logger.warning("\(warning)") }
        let config = loaded.config
        let states: [FeedState]
        do {
            try FileManager.default.createDirectory(
                atPath: config.stateDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750]
            )
            store = try StateStore(path: (config.stateDirectory as NSString).appendingPathComponent("state.sqlite"))
            log = try AlertLog(path: config.alertLog)
            delivery = AlertDelivery(store: store, log: log, rotatedLogPaths: [config.alertLog + ".1"])
            let report = try delivery.reconcile(at: clock.now())
            if report.appended > 0 || report.foundInLog > 0 || report.repairedTornLine {
                logger.notice(
                    "reconciled pending alerts with the log",
                    metadata: [
                        "found": "\(report.foundInLog)", "appended": "\(report.appended)",
                        "repaired_torn_line": "\(report.repairedTornLine)",
                    ])
            }
            states = try store.allFeedStates()
            stories = try StoryDesk(store: store, window: config.stories.window, now: clock.now(), logger: logger)
        } catch {
            throw Failure(status: .cannotCreate, message: "cannot open the state or the alert log: \(error)")
        }
        fetcherSlot = FetcherSlot(MultiFetcher(options: config.fetch))
        metrics = DaemonMetrics(started: clock.now())
        sinks = SinkDispatcher(store: store, logger: logger, clock: clock)
        let known = Dictionary(states.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        feeds = config.feeds.map { TrackedFeed(config: $0, state: known[$0.url] ?? FeedState(url: $0.url)) }
    }

    /// A handler that cancels transfers in flight, so a stop is not held up by a slow server; safe to call from
    /// any thread (``SignalEvents`` calls it as soon as SIGTERM arrives).
    public var stopHandler: @Sendable () -> Void {
        let slot = fetcherSlot
        return { slot.current.cancel() }
    }

    /// Polls every enabled feed that is not gone once, writes the alerts, prunes the state, and returns the
    /// summary (`--once`).
    public func runOnce() -> CycleSummary {
        let due = feeds.indices.filter { feeds[$0].config.enabled && !feeds[$0].state.gone }
        logger.info("polling \(due.count) feeds once")
        let summary = poll(due)
        SinkDispatcher.deliverDue(
            sinks: loaded.config.sinks, fetch: loaded.config.fetch, store: store, logger: logger, clock: clock)
        maintain()
        return summary
    }

    /// Runs until asked to stop. `signals` delivers SIGHUP/SIGTERM/SIGUSR1.
    public func run(signals: SignalEvents) {
        notifier.ready(status: "started: \(feeds.count) feeds")
        logger.notice(
            "vigie started", metadata: ["feeds": "\(feeds.count)", "watches": "\(loaded.watchlist.watches.count)"])
        initialSchedule()
        updateStatus()
        beat(cycleEnded: false)
        sinks.update(loaded.config.sinks, fetch: loaded.config.fetch)
        while true {
            if handle(signals.take()) { break }
            let now = clock.now()
            followClockJump(now: now)
            let due = feeds.indices.filter { index in feeds[index].next.map { $0 <= now } ?? false }
            if !due.isEmpty {
                _ = poll(due)
                updateStatus()
                beat(cycleEnded: true)
                continue
            }
            watchdog.tick(at: clock.uptime())
            if lastMaintenance.map({ clock.uptime() - $0 >= Self.maintenanceInterval }) ?? true { maintain() }
            if lastTextPrune.map({ clock.uptime() - $0 >= Self.textPruneInterval }) ?? true { pruneTexts() }
            if lastBeat.map({ clock.uptime() - $0 >= Self.heartbeatInterval }) ?? true { beat(cycleEnded: false) }
            retryDelivery()
            clock.sleep(sleepDuration(now: now), signals)
        }
        notifier.stopping()
        beat(cycleEnded: false, stopping: true)
        sinks.stop()
        do {
            try delivery.flush(at: clock.now())
        } catch {
            logger.error("alerts still pending at exit (written at next start): \(error)")
        }
        log.close()
        logger.notice("vigie stopped")
    }

    /// How long the loop may sleep: until the next poll, at most ``maxSleep`` and half the watchdog's interval.
    private func sleepDuration(now: Date) -> Duration {
        var seconds = Self.maxSleep.seconds
        if let next = feeds.compactMap(\.next).min() { seconds = min(seconds, next.timeIntervalSince(now)) }
        if let interval = notifier.watchdogInterval { seconds = min(seconds, interval.seconds / 2) }
        seconds = min(seconds, Self.heartbeatInterval.seconds)
        return .milliseconds(Int64(max(seconds, 0.01) * 1000))
    }

    /// Polls the feeds at `indices` in one cycle and takes in what it returns: states, next polls, failures.
    private func poll(_ indices: [Int]) -> CycleSummary {
        let started = (wall: clock.now(), uptime: clock.uptime())
        let due = indices.compactMap { feeds[$0].next }.min()
        let targets = indices.map { PollCycle.Target(feed: feeds[$0].config, state: feeds[$0].state) }
        let cycle = PollCycle(
            config: loaded, store: store, delivery: delivery, fetcher: fetcherSlot.current, scheduler: scheduler,
            stories: stories, logger: logger, clock: clock, metrics: metrics,
            onTick: { [self] in
                watchdog.tick(at: clock.uptime())
                // A long cycle (thousands of feeds) keeps beating, so that vigie status does not call the daemon
                // gone; `--once` (no heartbeat yet) never beats.
                if heartbeat != nil, let last = lastBeat, clock.uptime() - last >= Self.heartbeatInterval {
                    beat(cycleEnded: false)
                }
            }, observer: cycleObserver)
        let report = cycle.run(targets)
        defer {
            writeMetrics(
                duration: (clock.uptime() - started.uptime).seconds,
                lag: due.map { max(0, started.wall.timeIntervalSince($0)) } ?? 0)
        }
        let now = clock.now()
        for index in indices {
            if let result = report.feeds[feeds[index].config.url] {
                feeds[index].state = result.state
                feeds[index].next = result.nextPoll
            } else if feeds[index].next.map({ $0 <= now }) ?? false {
                // Cancelled (stopping) or not recorded (the state failed): polled again after its interval.
                feeds[index].next = now.addingTimeInterval(feeds[index].config.interval)
            }
        }
        if report.summary.storageError != nil { deliveryFailing = true }
        if report.summary.alerts > 0 { sinks.poke() }
        logSummary(report.summary)
        retryDelivery()
        return report.summary
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
                    logger.info("alert log reopened", metadata: ["path": "\(loaded.config.alertLog)"])
                } catch {
                    logger.error("cannot reopen the alert log: \(error)")
                }
            case .reload:
                reload()
            }
        }
        return false
    }

    /// Loads the configuration again and applies it whole, or keeps the old one whole. Every key applies at once
    /// except `state_dir` and `alert_log`, which need a restart; a feed's new `interval` applies from its next poll.
    private func reload() {
        notifier.reloading()
        do {
            let fresh = try LoadedConfig.load(path: configPath)
            if fresh.config.stateDirectory != loaded.config.stateDirectory
                || fresh.config.alertLog != loaded.config.alertLog
            {
                logger.warning("state_dir and alert_log changes take effect at the next restart")
            }
            if fresh.config.fetch != loaded.config.fetch {
                fetcherSlot.current = MultiFetcher(options: fresh.config.fetch)
            }
            if fresh.config.stories.window != loaded.config.stories.window {
                do {
                    stories = try StoryDesk(
                        store: store, window: fresh.config.stories.window, now: clock.now(), logger: logger)
                } catch let failure {
                    logger.error("cannot read the open stories back; their window stays as it was: \(failure)")
                }
            }
            Self.apply(fresh.config.logLevel, to: logLevel)
            for warning in fresh.config.warnings { logger.warning("\(warning)") }
            loaded = fresh
            sinks.update(fresh.config.sinks, fetch: fresh.config.fetch)
            let now = clock.now()
            let old = Dictionary(feeds.map { ($0.config.url, $0) }, uniquingKeysWith: { first, _ in first })
            feeds = fresh.config.feeds.map { config in
                if var tracked = old[config.url] {
                    tracked.config = config
                    if !config.enabled { tracked.next = nil }
                    if config.enabled && tracked.next == nil && !tracked.state.gone { tracked.next = now }
                    return tracked
                }
                // A feed new to this run: the state may still know it (configured before), else it starts afresh.
                let state = ((try? store.feedState(url: config.url)) ?? nil) ?? FeedState(url: config.url)
                let next: Date? = config.enabled && !state.gone ? now : nil
                return TrackedFeed(config: config, state: state, next: next)
            }
            logger.notice(
                "configuration reloaded",
                metadata: ["feeds": "\(feeds.count)", "watches": "\(loaded.watchlist.watches.count)"])
        } catch {
            for problem in error.errors { logger.error("reload refused: \(problem)") }
            logger.error(
                "reload refused: the configuration has \(error.errors.count) problems; still running with the previous one"
            )
        }
        notifier.ready()
        updateStatus()
    }

    /// Sets `control` to the level a configuration names (validated by the configuration's reader).
    private static func apply(_ level: String, to control: LogLevelControl?) {
        guard let control, let parsed = Logger.Level(rawValue: level) else { return }
        control.level = parsed
    }

    /// Keeps the schedule in step with a wall clock set backwards (by hand, or by NTP): the next polls are instants
    /// of the wall clock, so without this a clock set back a day would stop polling for a day. A forward jump needs
    /// nothing: the feeds are due, and polled at the loop's next turn (within ``maxSleep``), then on schedule from
    /// the new time.
    private func followClockJump(now: Date) {
        let uptime = clock.uptime()
        defer { lastTick = (now, uptime) }
        guard let last = lastTick else { return }
        let skew = now.timeIntervalSince(last.wall) - (uptime - last.uptime).seconds
        guard skew < -Self.clockJumpTolerance else { return }
        logger.warning("the wall clock was set back \(Int(-skew)) s; the next polls move back with it")
        for index in feeds.indices {
            feeds[index].next = feeds[index].next?.addingTimeInterval(skew)
        }
    }

    /// Feeds due now (new, or overdue after downtime) are spread over the start-up window; the others keep the
    /// time the state remembers (brought within ``Scheduler/maxDelay``), unless their last poll lies in the future
    /// (the clock was set back since).
    private func initialSchedule() {
        let now = clock.now()
        var due: [Int] = []
        var setBack = 0
        for index in feeds.indices where feeds[index].config.enabled {
            let state = feeds[index].state
            if state.gone {
                logger.warning(
                    "the feed is gone (HTTP 410) and not polled; remove it from the configuration",
                    metadata: ["feed": "\(state.url)"])
                continue
            }
            let polledInTheFuture = state.lastPolled.map { $0.timeIntervalSince(now) > Self.clockJumpTolerance }
            if polledInTheFuture == true { setBack += 1 }
            if let next = state.nextPoll, next > now, polledInTheFuture != true {
                feeds[index].next = scheduler.bounded(next, now: now)
            } else {
                due.append(index)
            }
        }
        if setBack > 0 {
            logger.warning(
                "the wall clock is behind the last poll of \(setBack) feeds (set back?); they are polled now")
        }
        let shortest = feeds.map(\.config.interval).min() ?? loaded.config.interval
        for (index, time) in zip(
            due, scheduler.spreadFirstPolls(count: due.count, now: now, shortestInterval: shortest))
        {
            feeds[index].next = time
        }
    }

    /// Prunes the state: seen items past their retention that left their feed, rows of feeds no longer
    /// configured, and the story records of closed stories. A failure is logged and retried at the next maintenance.
    private func maintain() {
        lastMaintenance = clock.uptime()
        let configured = Set(feeds.map(\.config.url))
        do {
            let forgotten = try store.forgetSeenItems(
                notSeenSince: clock.now().addingTimeInterval(-seenRetention), configuredFeeds: configured)
            let removed = try store.deleteFeedStates(notIn: configured)
            let closed = try store.forgetStoryRecords(
                before: clock.now().addingTimeInterval(-loaded.config.stories.window))
            if forgotten > 0 || removed > 0 || closed > 0 {
                logger.info(
                    "state pruned",
                    metadata: [
                        "seen_items_forgotten": "\(forgotten)", "unconfigured_feeds_removed": "\(removed)",
                        "story_records_forgotten": "\(closed)",
                    ])
            }
        } catch {
            logger.error("cannot prune the state (retried tomorrow): \(error)")
        }
    }

    /// Sets the cycle's gauges (feeds by status and health, the sinks' deliveries, the state's size) and writes
    /// `metrics_file`, when configured. A failure to write is logged once (until it changes or a write succeeds):
    /// metrics never stop polling.
    private func writeMetrics(duration: Double, lag: Double) {
        var byStatus: [CycleSample.FeedStatus: Int] = [:]
        for feed in feeds {
            let status = feed.state.lastStatus.flatMap { CycleSample.FeedStatus(rawValue: $0.rawValue) } ?? .never
            byStatus[status, default: 0] += 1
        }
        let configured = loaded.config.sinks.map(\.name)
        let statuses = (try? store.sinkStatuses(SinkTargets.keys(of: loaded.config.sinks))) ?? []
        let sinks = statuses.filter { configured.contains($0.name) }.map { status in
            SinkSample(
                name: status.name, pending: status.pending, oldestPending: status.oldestPending,
                delivered: status.delivered, failed: status.failed, expired: status.expired,
                disabled: status.disabled != nil)
        }
        metrics.recordCycle(
            CycleSample(
                feedsByStatus: byStatus, feedsFailing: feeds.filter { $0.state.health == .failing }.count,
                feedsStale: feeds.filter { $0.state.health == .stale }.count, duration: duration, lag: lag,
                stateBytes: store.diskSize, sinks: sinks, finished: clock.now()))
        guard let path = loaded.config.metricsFile else { return }
        do {
            try MetricsFile(path: path).write(metrics.render())
            if metricsProblem != nil { logger.notice("metrics file written again", metadata: ["path": "\(path)"]) }
            metricsProblem = nil
        } catch {
            if metricsProblem != error.message {
                logger.warning("cannot write the metrics file (polling goes on): \(error)")
            }
            metricsProblem = error.message
        }
    }

    /// Forgets the kept item texts older than `[state] keep_text`, then the oldest beyond `keep_text_max`. A
    /// failure is logged and retried at the next pruning.
    private func pruneTexts() {
        lastTextPrune = clock.uptime()
        let settings = loaded.config.state
        do {
            let forgotten = try store.forgetItemTexts(
                before: clock.now().addingTimeInterval(-settings.keepText), maxBytes: settings.keepTextMax)
            if forgotten > 0 { logger.info("item texts pruned", metadata: ["forgotten": "\(forgotten)"]) }
        } catch {
            logger.error("cannot prune the kept item texts (retried in an hour): \(error)")
        }
    }

    /// Writes the heartbeat `vigie status` reads: at start-up, after every cycle (`cycleEnded`), at least every
    /// ``heartbeatInterval`` while idle, and once more when stopping. A failure is logged at debug level only: the
    /// state's own failures are reported by the cycles.
    private func beat(cycleEnded: Bool, stopping: Bool = false) {
        let now = clock.now()
        var current =
            heartbeat
            ?? Heartbeat(
                pid: getpid(), host: ProcessInfo.processInfo.hostName, version: VigieVersion.current, started: now,
                beat: now, every: Self.heartbeatInterval.seconds)
        current.beat = now
        if cycleEnded { current.lastCycle = now }
        if stopping { current.stopped = now }
        heartbeat = current
        lastBeat = clock.uptime()
        do {
            try store.beat(current)
        } catch {
            logger.debug("cannot write the heartbeat: \(error)")
        }
    }

    /// While alerts may be left pending by a failing log or state, tries to write them, at most every
    /// ``deliveryRetryInterval``.
    private func retryDelivery() {
        guard deliveryFailing, clock.uptime() - lastDeliveryRetry >= Self.deliveryRetryInterval else { return }
        lastDeliveryRetry = clock.uptime()
        do {
            let written = try delivery.flush(at: clock.now())
            deliveryFailing = false
            if written > 0 { logger.notice("pending alerts written", metadata: ["alerts": "\(written)"]) }
        } catch {
            logger.error("alerts still pending, retried in \(Int(Self.deliveryRetryInterval.seconds)) s: \(error)")
        }
    }

    private func updateStatus() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = (try? store.alertsWritten(since: calendar.startOfDay(for: clock.now()))) ?? 0
        notifier.status(StatusLine.text(feeds: feeds.map(\.state), alertsToday: today))
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
