import Foundation
import VigieSystemd

/// The daemon's sense of time, injected: the wall clock polls are scheduled on, a monotonic clock that notices the
/// wall clock being set and paces the watchdog, and the sleep between polls.
///
/// ``system`` is the real thing. Tests pass a clock of their own whose sleep returns when the test moves time on,
/// so that an hour-long interval or a clock set back a day is exercised in milliseconds and without races.
public struct DaemonClock: Sendable {
    /// The wall clock (`Date`).
    public var now: @Sendable () -> Date
    /// Time since some fixed instant, never set back (`CLOCK_MONOTONIC`).
    public var uptime: @Sendable () -> Duration
    /// Waits for `duration`, or less when a signal arrives on `signals` (it must return at once when one is
    /// already pending).
    public var sleep: @Sendable (_ duration: Duration, _ signals: SignalEvents) -> Void

    /// Creates a clock from its three parts.
    public init(
        now: @escaping @Sendable () -> Date, uptime: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (_ duration: Duration, _ signals: SignalEvents) -> Void
    ) {
        self.now = now
        self.uptime = uptime
        self.sleep = sleep
    }

    /// The system's clocks: `Date()`, `ContinuousClock`, and a sleep that a signal interrupts.
    public static var system: DaemonClock {
        let start = ContinuousClock.now
        return DaemonClock(
            now: { Date() }, uptime: { ContinuousClock.now - start },
            sleep: { duration, signals in signals.wait(seconds: duration.seconds) })
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
