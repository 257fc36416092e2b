import Dispatch
import Foundation
import Glibc
import VigieSync

/// The signals a daemon acts on, turned into flags the main loop reads, and a wake-up for that loop.
///
/// SIGTERM and SIGINT ask to stop, SIGHUP to reload, SIGUSR1 to reopen the alert log. Signals are received through
/// dispatch sources (never in a signal handler), so any code may run in response.
///
/// `@unchecked Sendable`: the dispatch sources are created in `init` and only kept alive afterwards; everything
/// mutable is behind a lock.
public final class SignalEvents: @unchecked Sendable {
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
    private let sources: [DispatchSourceSignal]
    private let onStop: @Sendable () -> Void

    /// Starts listening. `onStop` is called (on a dispatch queue) as soon as a stop is asked, so a transfer in
    /// progress can be cancelled without waiting for the loop.
    public init(onStop: @escaping @Sendable () -> Void = {}) {
        self.onStop = onStop
        let queue = DispatchQueue(label: "vigie.signals")
        var created: [DispatchSourceSignal] = []
        let signals = [(SIGTERM, Request.stop), (SIGINT, .stop), (SIGHUP, .reload), (SIGUSR1, .reopenLog)]
        for (number, _) in signals {
            signal(number, SIG_IGN)
            created.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        sources = created
        for (source, (_, request)) in zip(created, signals) {
            source.setEventHandler { [weak self] in self?.post(request) }
            source.resume()
        }
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

    /// Sleeps until a request arrives or `seconds` pass.
    public func wait(seconds: Double) {
        guard seconds > 0 else { return }
        _ = wake.wait(timeout: .now() + seconds)
    }
}
