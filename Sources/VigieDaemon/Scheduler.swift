import Foundation

/// When each feed is polled next: pure arithmetic over an injected clock and random source.
///
/// - A feed that answered is polled again after its configured interval, never sooner than the server asks (RSS
///   `<ttl>`, `sy:updatePeriod`, `Cache-Control: max-age`; a server's wish is honoured up to ``maxHonouredHint``),
///   with ±``jitter`` so feeds drift apart instead of firing together.
/// - A failing feed backs off exponentially: interval × 2^(failures−1), capped at ``backoffCap`` (never below the
///   interval itself).
/// - A throttled feed (429/503) waits until its `Retry-After`, or backs off when it gave none.
/// - A gone feed (410) is never polled again.
/// - No next poll is ever further than ``maxDelay`` (7 days) away, whatever a server asks (`Retry-After:
///   99999999999` or a date in the year 9999 would otherwise silence a feed for ever), and a next poll read back
///   from the state is brought within it too (``bounded(_:now:)``).
/// - At start-up, feeds that are due are spread evenly over ``startupSpread`` (or their interval, when shorter), so a
///   thousand feeds do not fire at once.
public struct Scheduler: Sendable {
    /// Random spread applied to every interval, as a fraction (default 0.1: ±10 %).
    public var jitter: Double
    /// The longest back-off after failures (default 6 h).
    public var backoffCap: TimeInterval
    /// The longest interval a server's hint may impose (default 24 h).
    public var maxHonouredHint: TimeInterval
    /// The window over which due feeds' first polls are spread at start-up (default 60 s).
    public var startupSpread: TimeInterval
    /// The furthest any next poll may be, throttling included (7 days).
    public static let maxDelay: TimeInterval = 7 * 86_400

    /// Creates a scheduler with the documented defaults.
    public init(
        jitter: Double = 0.1, backoffCap: TimeInterval = 6 * 3600, maxHonouredHint: TimeInterval = 24 * 3600,
        startupSpread: TimeInterval = 60
    ) {
        self.jitter = jitter
        self.backoffCap = backoffCap
        self.maxHonouredHint = maxHonouredHint
        self.startupSpread = startupSpread
    }

    /// What a poll gave, as far as scheduling is concerned.
    public enum Outcome: Sendable, Equatable {
        /// The feed answered (200 or 304). `hint` is the longest interval the server asked for, if any.
        case answered(hint: TimeInterval?)
        /// The poll failed; `consecutiveFailures` counts this one.
        case failed(consecutiveFailures: Int)
        /// 429 or 503, with the instant `Retry-After` named, if any; `consecutiveFailures` counts this one.
        case throttled(notBefore: Date?, consecutiveFailures: Int)
        /// 410: stop polling.
        case gone
    }

    /// The next poll after `outcome` at `now`, for a feed polled every `interval`; `nil` means never.
    public func nextPoll<R: RandomNumberGenerator>(
        after outcome: Outcome, interval: TimeInterval, now: Date, random: inout R
    ) -> Date? {
        unboundedNextPoll(after: outcome, interval: interval, now: now, random: &random).map { bounded($0, now: now) }
    }

    /// `next`, brought within ``maxDelay`` of `now`.
    public func bounded(_ next: Date, now: Date) -> Date {
        min(next, now.addingTimeInterval(Self.maxDelay))
    }

    private func unboundedNextPoll<R: RandomNumberGenerator>(
        after outcome: Outcome, interval: TimeInterval, now: Date, random: inout R
    ) -> Date? {
        switch outcome {
        case .gone:
            return nil
        case .answered(let hint):
            let honoured = min(hint ?? 0, maxHonouredHint)
            return now.addingTimeInterval(jittered(max(interval, honoured), random: &random))
        case .failed(let failures):
            return now.addingTimeInterval(jittered(backoff(interval: interval, failures: failures), random: &random))
        case .throttled(let notBefore, let failures):
            let backedOff = now.addingTimeInterval(
                jittered(backoff(interval: interval, failures: failures), random: &random))
            guard let notBefore else { return backedOff }
            return max(notBefore, now.addingTimeInterval(interval * (1 - jitter)))
        }
    }

    /// The shortest interval the catch-up after missed items brings a feed to: 1 minute (or the feed's own
    /// interval, when shorter).
    public static let catchUpFloor: TimeInterval = 60

    /// The interval of a feed polled every `interval` after `missedStreak` polls in a row found only new items:
    /// halved at each, down to ``catchUpFloor``; `interval` again once a poll overlaps the last (a streak of 0).
    public static func catchUpInterval(_ interval: TimeInterval, missedStreak: Int) -> TimeInterval {
        guard missedStreak > 0 else { return interval }
        let halved = interval / pow(2, Double(min(missedStreak, 30)))
        return max(halved, min(catchUpFloor, interval))
    }

    /// The back-off delay after `failures` consecutive failures.
    public func backoff(interval: TimeInterval, failures: Int) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 30))
        return min(interval * pow(2, exponent), max(backoffCap, interval))
    }

    /// Start-up: the first poll times of `count` due feeds, evenly spread from `now` over the start-up window (or
    /// the shortest interval, if shorter), in the order given.
    public func spreadFirstPolls(count: Int, now: Date, shortestInterval: TimeInterval) -> [Date] {
        guard count > 0 else { return [] }
        let window = min(startupSpread, shortestInterval)
        return (0..<count).map { now.addingTimeInterval(window * Double($0) / Double(count)) }
    }

    private func jittered<R: RandomNumberGenerator>(_ delay: TimeInterval, random: inout R) -> TimeInterval {
        guard jitter > 0 else { return delay }
        return delay * Double.random(in: (1 - jitter)...(1 + jitter), using: &random)
    }
}
