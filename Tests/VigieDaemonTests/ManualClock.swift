import Foundation
import Testing
import VigieSync
import VigieSystemd

@testable import VigieDaemon

/// Time that a test moves, in lockstep with the daemon: the daemon's sleep returns only when the test advances time
/// past its end (or a signal arrives), and each step of the test waits until the daemon has done everything that
/// became due and gone back to sleep. An hour-long interval, a day's clock jump or a month of pruning runs in
/// milliseconds, and nothing depends on how fast the machine is.
final class ManualClock: Sendable {
    private struct State {
        var wall: Date
        var uptime: Duration = .seconds(1000)
        /// The end of the daemon's current sleep, while it sleeps.
        var deadline: Duration?
        /// Sleeps entered so far.
        var entries = 0
        /// Whether the current sleep has checked for signals at least once and found none.
        var quiet = false
    }

    private let state: Locked<State>

    /// A clock showing `start` on the wall.
    init(start: Date = Date()) {
        state = Locked(State(wall: start))
    }

    /// The clock to hand the daemon.
    var daemonClock: DaemonClock {
        DaemonClock(
            now: { [self] in state.withLock { $0.wall } }, uptime: { [self] in state.withLock { $0.uptime } },
            sleep: { [self] duration, signals in sleep(duration, signals: signals) })
    }

    /// The time on the wall.
    var now: Date { state.withLock { $0.wall } }

    /// Sets the wall clock by `seconds` (negative: back), as an administrator or NTP does; monotonic time does not
    /// move, and a sleeping daemon does not notice until time advances.
    func jump(by seconds: TimeInterval) {
        state.withLock { $0.wall.addTimeInterval(seconds) }
    }

    /// Lets `seconds` pass (both clocks), then waits until the daemon has done what became due and sleeps again.
    func advance(by seconds: TimeInterval) throws {
        try waitForIdle(after: nil)
        let (mark, wakes) = state.withLock { state -> (Int, Bool) in
            state.wall.addTimeInterval(seconds)
            state.uptime += .milliseconds(Int64(seconds * 1000))
            return (state.entries, state.deadline.map { state.uptime >= $0 } ?? true)
        }
        if wakes { try waitForIdle(after: mark) }
    }

    /// Runs `action` (posting a signal, say) while the daemon sleeps, then waits until it has acted on it and sleeps
    /// again.
    func settle(after action: () throws -> Void) throws {
        try waitForIdle(after: nil)
        let mark = state.withLock { $0.entries }
        try action()
        try waitForIdle(after: mark)
    }

    /// Waits until the daemon is idle: asleep with time to go and no signal pending; with `mark`, in a sleep entered
    /// after that many.
    func waitForIdle(after mark: Int?) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let idle = state.withLock { state in
                guard let end = state.deadline, state.quiet, end > state.uptime else { return false }
                return mark.map { state.entries > $0 } ?? true
            }
            if idle { return }
            Thread.sleep(forTimeInterval: 0.001)
        }
        throw ClockError(message: "the daemon did not go back to sleep within 30 s")
    }

    private func sleep(_ duration: Duration, signals: SignalEvents) {
        state.withLock { state in
            state.deadline = state.uptime + duration
            state.entries += 1
            state.quiet = false
        }
        defer { state.withLock { $0.deadline = nil } }
        while true {
            if signals.wait(seconds: 0.002) { return }
            let done = state.withLock { state -> Bool in
                state.quiet = true
                return state.uptime >= state.deadline!
            }
            if done { return }
        }
    }

    /// The daemon did not settle.
    struct ClockError: Error {
        /// What happened.
        var message: String
    }
}

/// A daemon running on a thread of its own, on a manual clock.
final class RunningDaemon: @unchecked Sendable {
    let daemon: Daemon
    let signals = SignalEvents()
    let clock: ManualClock
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `daemon` and waits for it to fall asleep after its first polls.
    init(_ daemon: Daemon, clock: ManualClock) throws {
        self.daemon = daemon
        self.clock = clock
        Thread { [self] in
            self.daemon.run(signals: signals)
            finished.signal()
        }.start()
        // The first polls are spread over the start-up window (at most a minute).
        try clock.waitForIdle(after: nil)
        try clock.advance(by: 61)
    }

    /// Sends `request` and waits until the daemon has acted on it.
    func post(_ request: SignalEvents.Request) throws {
        try clock.settle { signals.post(request) }
    }

    /// Stops the daemon; true when it exited within 10 s.
    func stop() -> Bool {
        signals.post(.stop)
        return finished.wait(timeout: .now() + 10) == .success
    }
}
