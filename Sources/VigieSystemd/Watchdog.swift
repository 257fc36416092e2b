/// Paces `WATCHDOG=1`: the main loop calls ``tick(at:)`` on every turn, and systemd hears from it often enough,
/// never more than needed.
///
/// A ping goes out on the first tick and then whenever at least half of ``SystemdNotifier/watchdogInterval`` has
/// passed since the last one; nothing goes out when the watchdog is off. A loop that ticks at least once every
/// `watchdogInterval` (half of systemd's timeout) therefore pings at least every three quarters of the timeout,
/// and a loop that stalls stops pinging, which is the point.
///
/// The time comes in as an argument, read by the caller from a monotonic clock (never the wall clock, which can
/// jump), so a test moves time instead of waiting for it. Used from the loop's thread only.
public final class Watchdog {
    private let notifier: SystemdNotifier
    private var lastPing: Duration?

    /// A watchdog that pings through `notifier`.
    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    /// The longest the loop may wait before its next tick (``SystemdNotifier/watchdogInterval``), or `nil` when the
    /// watchdog is off.
    public var interval: Duration? { notifier.watchdogInterval }

    /// Sends `WATCHDOG=1` if it is due at `uptime`: the time on a monotonic clock since any fixed origin.
    public func tick(at uptime: Duration) {
        guard let interval = notifier.watchdogInterval else { return }
        if let lastPing, uptime - lastPing < interval / 2 { return }
        notifier.watchdog()
        lastPing = uptime
    }
}
