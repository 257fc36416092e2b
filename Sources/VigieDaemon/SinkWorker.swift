import Foundation
import Logging
import VigieConfig
import VigieDeliver
import VigieStore

/// One sink's deliveries, on a thread of their own: the oldest pending delivery is attempted when due, then the
/// next, in order; a failure is retried with exponential backoff and jitter (or when the receiver's `Retry-After`
/// says), until the sink's `max_age`. Every outcome is stored before the next attempt, so a restart resumes where
/// this left off. A slow or dead receiver holds up only its own sink, never the poll loop or another sink.
final class SinkWorker: @unchecked Sendable {
    /// The sink, as configured.
    let sink: SinkConfig
    private let target: SinkTarget
    private let store: StateStore
    private let logger: Logger
    private let clock: DaemonClock
    private let deliverer: Deliverer
    /// `@unchecked Sendable`: ``stopped`` and ``poked`` are only touched with ``condition`` locked.
    private let condition = NSCondition()
    private var stopped = false
    private var poked = false
    private let finished = DispatchSemaphore(value: 0)

    /// The longest the worker sleeps before it looks at the state again (also how soon it notices an injected
    /// clock moved on).
    static let idlePoll: TimeInterval = 1

    /// The HTTP client's settings: the configuration's `[fetch] user_agent` and `ca_file`.
    let http: HTTPSettings

    /// What a sink's HTTP requests take from `[fetch]`.
    struct HTTPSettings: Equatable {
        var userAgent: String
        var caFile: String?
    }

    /// A worker for `sink`; nothing runs before ``start()``.
    init(sink: SinkConfig, http: HTTPSettings, store: StateStore, logger: Logger, clock: DaemonClock) {
        self.http = http
        self.sink = sink
        self.target = SinkTargets.target(of: sink)
        self.store = store
        self.clock = clock
        self.deliverer = Deliverer(timeout: sink.timeout, userAgent: http.userAgent, caFile: http.caFile)
        var logger = logger
        logger[metadataKey: "sink"] = "\(sink.name)"
        self.logger = logger
    }

    /// Starts the worker's thread.
    func start() {
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "vigie-sink-\(sink.name)"
        thread.start()
    }

    /// Says new deliveries may be waiting.
    func poke() {
        condition.lock()
        poked = true
        condition.signal()
        condition.unlock()
    }

    /// Asks the worker to stop after its current attempt, and waits at most `timeout` seconds for it: an attempt
    /// still running is left unsettled, and tried again at the next start (with the same id).
    func stop(waiting timeout: TimeInterval) {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
        _ = finished.wait(timeout: .now() + timeout)
    }

    private var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Sleeps up to `seconds` (at most ``idlePoll``), or until poked or stopped.
    private func rest(_ seconds: TimeInterval) {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: min(max(seconds, 0.01), Self.idlePoll))
        while !stopped && !poked {
            if !condition.wait(until: deadline) { break }
        }
        poked = false
    }

    private func loop() {
        while !isStopped {
            switch step() {
            case .attempted: continue
            case .wait(let seconds): rest(seconds)
            }
        }
    }

    /// What one look at the queue did.
    enum Step: Equatable {
        /// A delivery was attempted (or given up): look again at once.
        case attempted
        /// Nothing is due for this long.
        case wait(TimeInterval)
    }

    private var disabledLogged = false

    /// Attempts the sink's next delivery if it is due (or gives it up past `max_age`).
    func step() -> Step {
        do {
            if let reason = try store.sinkDisabled(sink.name, target: SinkTargets.key(of: sink)) {
                if !disabledLogged {
                    logger.error(
                        "sink disabled: its receiver answered that it is gone; deliveries wait until its url changes",
                        metadata: ["reason": "\(reason)"])
                    disabledLogged = true
                }
                return .wait(Self.idlePoll)
            }
            if sink.kind == .email && sink.digest != .off { return try digestStep() }
            guard let delivery = try store.nextDelivery(sink: sink.name) else { return .wait(Self.idlePoll) }
            let now = clock.now()
            if delivery.nextAttempt > now { return .wait(delivery.nextAttempt.timeIntervalSince(now)) }
            if now.timeIntervalSince(delivery.created) > sink.maxAge {
                try expire(delivery, at: now)
            } else {
                try attempt(delivery, at: now)
            }
            return .attempted
        } catch {
            logger.error("cannot read or record deliveries (retried): \(error)")
            return .wait(Self.idlePoll)
        }
    }

    /// Attempts every due delivery in order, on the caller's thread, until one must wait (`vigie run --once`).
    func deliverDue() {
        while step() == .attempted {}
    }

    /// The most alerts one digest carries; more wait for the next one.
    static let digestLimit = 500

    /// The time zone digests are scheduled in (`daily HH:MM` is local time).
    let timeZone = TimeZone.current

    /// A digest sink: at each sending time (on the hour, or `daily HH:MM`), one message with every delivery
    /// recorded before it, retried as one; its id is the sink's and the sending time's, so a repeat after a crash
    /// has the same Message-ID.
    private func digestStep() throws -> Step {
        let now = clock.now()
        guard let send = sink.digest.lastSend(atOrBefore: now, in: timeZone) else { return .wait(Self.idlePoll) }
        let batch = try store.pendingDeliveries(sink: sink.name, recordedBefore: send, limit: Self.digestLimit)
        guard let latest = batch.map(\.nextAttempt).max() else { return .wait(Self.idlePoll) }
        if latest > now { return .wait(latest.timeIntervalSince(now)) }
        let tooOld = batch.filter { now.timeIntervalSince($0.created) > sink.maxAge }
        if !tooOld.isEmpty {
            try store.settleDeliveries(
                alertIDs: tooOld.map(\.alertID), sink: sink.name, as: .expired,
                attempts: tooOld.map(\.attempts).max() ?? 0, error: tooOld.last?.lastError, at: now)
            logger.error(
                "digest deliveries given up: not sent within max_age", metadata: ["alerts": "\(tooOld.count)"])
            return .attempted
        }
        let attempts = (batch.map(\.attempts).max() ?? 0) + 1
        let digestID = "digest-\(Int(send.timeIntervalSince1970))-\(sink.name)"
        let period = Self.period(of: sink.digest, endingAt: send, in: timeZone)
        let ids = batch.map(\.alertID)
        let outcome = deliverer.deliverDigest(
            lines: batch.map(\.line), digestID: digestID, period: period, to: SinkTargets.email(of: sink), now: now)
        let done = clock.now()
        let metadata: Logger.Metadata = [
            "digest": "\(digestID)", "alerts": "\(batch.count)", "attempt": "\(attempts)",
        ]
        switch outcome {
        case .delivered(let answer):
            try store.settleDeliveries(alertIDs: ids, sink: sink.name, as: .delivered, attempts: attempts, at: done)
            logger.info("digest delivered", metadata: metadata.merging(["answer": "\(answer)"]) { $1 })
        case .retry(let after, let reason):
            let wait = retryWait(asked: after, attempts: attempts)
            try store.postponeDeliveries(
                alertIDs: ids, sink: sink.name, attempts: attempts, until: done.addingTimeInterval(wait), error: reason)
            logger.warning(
                "digest failed, retried in \(Int(wait.rounded())) s",
                metadata: metadata.merging(["error": "\(reason)"]) { $1 })
        case .permanent(let reason), .disable(let reason):
            try store.settleDeliveries(
                alertIDs: ids, sink: sink.name, as: .failed, attempts: attempts, error: reason, at: done)
            logger.error(
                "digest refused for good (not retried)", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
        }
        return .attempted
    }

    /// What a digest sent at `end` covers, for its subject: `2026-12-07 08:00–09:00` (hourly) or
    /// `2026-12-06 07:00 – 2026-12-07 07:00` (daily), local time.
    static func period(of schedule: DigestSchedule, endingAt end: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        switch schedule {
        case .hourly:
            let start = end.addingTimeInterval(-3600)
            let hour = DateFormatter()
            hour.locale = formatter.locale
            hour.timeZone = timeZone
            hour.dateFormat = "HH:mm"
            return formatter.string(from: start) + "–" + hour.string(from: end)
        default:
            return formatter.string(from: end.addingTimeInterval(-86_400)) + " – " + formatter.string(from: end)
        }
    }

    private func attempt(_ delivery: PendingDelivery, at now: Date) throws {
        let outcome = deliverer.deliver(line: delivery.line, alertID: delivery.alertID, to: target, now: now)
        let attempts = delivery.attempts + 1
        let done = clock.now()
        let metadata: Logger.Metadata = ["alert_id": "\(delivery.alertID)", "attempt": "\(attempts)"]
        switch outcome {
        case .delivered(let answer):
            try store.settleDelivery(
                alertID: delivery.alertID, sink: sink.name, as: .delivered, attempts: attempts, at: done)
            logger.info("delivered", metadata: metadata.merging(["answer": "\(answer)"]) { $1 })
        case .retry(let after, let reason):
            let wait = retryWait(asked: after, attempts: attempts)
            let next = done.addingTimeInterval(wait)
            if next.timeIntervalSince(delivery.created) > sink.maxAge {
                try store.settleDelivery(
                    alertID: delivery.alertID, sink: sink.name, as: .expired, attempts: attempts, error: reason,
                    at: done)
                logger.error(
                    "delivery given up: not delivered within max_age",
                    metadata: metadata.merging(["error": "\(reason)"]) { $1 })
            } else {
                try store.postponeDelivery(
                    alertID: delivery.alertID, sink: sink.name, attempts: attempts, until: next, error: reason)
                logger.warning(
                    "delivery failed, retried in \(Int(wait.rounded())) s",
                    metadata: metadata.merging(["error": "\(reason)"]) { $1 })
            }
        case .permanent(let reason):
            try store.settleDelivery(
                alertID: delivery.alertID, sink: sink.name, as: .failed, attempts: attempts, error: reason, at: done)
            logger.error(
                "delivery refused for good (not retried)", metadata: metadata.merging(["error": "\(reason)"]) { $1 })
        case .disable(let reason):
            try store.postponeDelivery(
                alertID: delivery.alertID, sink: sink.name, attempts: attempts, until: done, error: reason)
            try store.disableSink(sink.name, target: SinkTargets.key(of: sink), reason: reason, at: done)
        }
    }

    private func expire(_ delivery: PendingDelivery, at now: Date) throws {
        try store.settleDelivery(
            alertID: delivery.alertID, sink: sink.name, as: .expired, attempts: delivery.attempts,
            error: delivery.lastError, at: now)
        logger.error(
            "delivery given up: not delivered within max_age",
            metadata: ["alert_id": "\(delivery.alertID)", "error": "\(delivery.lastError ?? "never attempted")"])
    }

    /// The wait before the next attempt: what the receiver asked (`Retry-After`, at least 1 s, at most
    /// `max_backoff`), else ``backoff(after:)``.
    func retryWait(asked: TimeInterval?, attempts: Int) -> TimeInterval {
        asked.map { min(max($0, 1), sink.maxBackoff) } ?? backoff(after: attempts)
    }

    /// The wait after `attempts` failed attempts: `min_backoff` doubled each time, at most `max_backoff`, times a
    /// random factor between 0.5 and 1 (so that many deliveries failing together do not retry together).
    func backoff(after attempts: Int) -> TimeInterval {
        let base = min(sink.maxBackoff, sink.minBackoff * pow(2, Double(min(attempts - 1, 40))))
        return max(base * Double.random(in: 0.5...1), min(1, sink.minBackoff))
    }
}
