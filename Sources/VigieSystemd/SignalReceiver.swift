import Dispatch
import Foundation
import Glibc
import Synchronization
import VigieSync

/// The one reader of the daemon's signals in this process: they are blocked, so the kernel keeps them pending,
/// and a dedicated thread takes them with `sigwaitinfo(2)` and hands each one to every live ``SignalEvents``.
///
/// Why nothing is lost (Linux):
/// - The signals are blocked in the thread that creates the receiver (the main thread, first thing in `vigie run`)
///   before any other thread exists, so every thread inherits the mask: a signal sent at any instant from then on
///   stays pending until the reader takes it. Nothing ever sets them to `SIG_IGN` (which discards a pending signal).
/// - A thread that already existed and does not block them (a test runner's threads, a library's) is covered by
///   ``forwardToReader``: it runs there and re-sends the signal to the reader thread, where it waits, pending.
/// - A signal read while no ``SignalEvents`` listens is kept and handed to the next one that starts listening.
/// - Two instances of one signal sent before the first is read are one pending signal, as POSIX has it: what is
///   guaranteed is that every signal is followed by at least one request delivered after it was sent.
///
/// Why not `DispatchSource.makeSignalSource`: on Linux, libdispatch registers a signal source asynchronously on its
/// manager thread after `resume()` (its `signalfd` and `sigaction` appear some time later), so a signal sent
/// in between is either fatal (default action) or dropped (`SIG_IGN`), and there is no way to wait for the
/// registration to finish before start-up continues. Here everything is in place when `init` returns. (A `signalfd`
/// would read the same kernel queue as `sigwaitinfo`; Swift's Glibc module does not export it, and a thread that
/// only waits for signals needs no descriptor.)
///
/// It also sets SIGPIPE to be ignored, as systemd does for services: a broken pipe is an `EPIPE` to handle, not a
/// death. The receiver lives as long as the process; the signals stay blocked. A child started with Foundation's
/// `Process` gets an empty mask and default dispositions again; one started another way inherits the mask.
final class SignalReceiver: Sendable {
    /// The receiver of this process, created by the first ``SignalEvents``.
    static let shared = SignalReceiver()

    /// The signals received, and what each one asks.
    static let requests: [(signal: Int32, request: SignalEvents.Request)] = [
        (SIGTERM, .stop), (SIGINT, .stop), (SIGHUP, .reload), (SIGUSR1, .reopenLog),
    ]

    private struct Listener: Sendable {
        weak let events: SignalEvents?
    }

    private struct Listeners {
        var live: [Listener] = []
        /// Requests read while nobody listened, for the next listener.
        var backlog: [SignalEvents.Request] = []
    }

    private let listeners = Locked(Listeners())
    private let signals: sigset_t

    private init() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for (number, _) in Self.requests { sigaddset(&signals, number) }
        // 1. Blocked in this thread, and so in every thread created from now on: sent from here on, a signal waits.
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        self.signals = signals
        // 2. The thread that takes them; it publishes its identity for the forwarding handler before it waits.
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            readerThread.store(pthread_self(), ordering: .releasing)
            started.signal()
            receive()
        }
        thread.name = "vigie.signals"
        thread.start()
        started.wait()
        // 3. A thread that existed before step 1 and does not block the signals forwards them to the reader
        //    instead of dying (default action) or dropping them.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = forwardToReader
        action.sa_mask = signals
        action.sa_flags = SA_RESTART
        for (number, _) in Self.requests { sigaction(number, &action, nil) }
        // 4. A write to a pipe or socket whose reader is gone (standard error once journald stops, a `vigie run |
        //    tee` whose tee died) fails with EPIPE instead of killing the daemon; systemd ignores SIGPIPE for its
        //    services by default (IgnoreSIGPIPE=yes), this does the same everywhere else.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Registers `events`, and hands it whatever arrived while nobody listened.
    func add(_ events: SignalEvents) {
        let backlog = listeners.withLock { listeners in
            listeners.live.append(Listener(events: events))
            defer { listeners.backlog.removeAll() }
            return listeners.backlog
        }
        for request in backlog { events.post(request) }
    }

    /// Takes the pending signals for ever, on the reader thread (lowest-numbered first, as the kernel hands them).
    private func receive() {
        var signals = self.signals
        while true {
            let number = sigwaitinfo(&signals, nil)
            if number > 0 {
                deliver(number)
            } else if errno != EINTR {
                fatalError("vigie: sigwaitinfo failed (errno \(errno)); cannot receive signals")
            }
        }
    }

    /// Hands the request of signal `number` to every live listener (or keeps it for the next one).
    private func deliver(_ number: Int32) {
        guard let request = Self.requests.first(where: { $0.signal == number })?.request else { return }
        let targets = listeners.withLock { listeners -> [SignalEvents] in
            listeners.live.removeAll { $0.events == nil }
            if listeners.live.isEmpty { listeners.backlog.append(request) }
            return listeners.live.compactMap(\.events)
        }
        for events in targets { events.post(request) }
    }
}

/// The reader thread, for ``forwardToReader``: stored once, before the handler is installed, then only loaded
/// (an atomic: lock-free, so safe in a signal handler, and an order ThreadSanitizer sees).
private let readerThread = Atomic<pthread_t>(0)

/// The handler of the received signals, run only in a thread that does not block them: it sends the signal on to
/// the reader thread, which blocks it, so it waits there until taken. Async-signal-safe: an atomic load and
/// `pthread_kill`.
private let forwardToReader: @convention(c) (Int32) -> Void = { number in
    pthread_kill(readerThread.load(ordering: .acquiring), number)
}
