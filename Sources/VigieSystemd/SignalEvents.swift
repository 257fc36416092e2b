import Dispatch
import VigieSync

/// The signals a daemon acts on, turned into requests the main loop reads, and a wake-up for that loop.
///
/// SIGTERM and SIGINT ask to stop, SIGHUP to reload, SIGUSR1 to reopen the alert log. Signals are never acted on in
/// a signal handler: they are blocked and taken by a dedicated thread with `sigwaitinfo` (see `SignalReceiver`), so
/// any code may run in response, and none sent after the first `SignalEvents` is created is lost or fatal, whenever it
/// arrives: during start-up, before the loop first looks, or while a request is being acted on.
///
/// Creating the first one also sets SIGPIPE to be ignored (a broken pipe or socket is then an `EPIPE` error).
///
/// Create the first one on the main thread before anything starts a thread (first thing in `vigie run`), so that
/// every thread of the process inherits the blocked signals. Every instance alive when a signal arrives receives
/// it; a signal that arrives while none is alive goes to the next one created.
public final class SignalEvents: Sendable {
    /// Something the daemon was asked to do.
    public enum Request: Sendable, Equatable {
        /// SIGTERM / SIGINT.
        case stop
        /// SIGHUP.
        case reload
        /// SIGUSR1.
        case reopenLog
    }

    private let pending = Locked<[Request]>([])
    private let wake = DispatchSemaphore(value: 0)
    private let onStop: @Sendable () -> Void

    /// Starts listening; the signals are received from the moment this returns.
    ///
    /// `onStop` is called (on the signal thread, or on the thread that posts) as soon as a stop is asked, so a
    /// transfer in progress can be cancelled without waiting for the loop; it must return quickly.
    public init(onStop: @escaping @Sendable () -> Void = {}) {
        self.onStop = onStop
        SignalReceiver.shared.add(self)
    }

    /// Queues `request` as if its signal had arrived (tests, and the loop itself).
    public func post(_ request: Request) {
        pending.withLock { $0.append(request) }
        if request == .stop { onStop() }
        wake.signal()
    }

    /// The requests that arrived since the last call, in order.
    public func take() -> [Request] {
        pending.withLock { requests in
            defer { requests.removeAll() }
            return requests
        }
    }

    /// Sleeps until a request arrives or `seconds` pass (it may return early, with nothing new to take); returns
    /// whether it was woken rather than timed out.
    @discardableResult
    public func wait(seconds: Double) -> Bool {
        guard seconds > 0 else { return false }
        return wake.wait(timeout: .now() + seconds) == .success
    }
}
