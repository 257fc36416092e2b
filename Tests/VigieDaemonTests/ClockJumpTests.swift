import Foundation
import Testing
import VigieSync
import VigieSystemd

@testable import VigieDaemon

/// A wall clock a test sets forwards and backwards, as an administrator or NTP does; time still passes.
final class SettableClock: Sendable {
    private let offset = Locked<TimeInterval>(0)

    /// Moves the clock by `seconds` (negative: backwards).
    func jump(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }

    /// The time it shows.
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
}

/// The daemon schedules polls on the wall clock (`Date`): a jump of that clock must neither stop polling (backwards)
/// nor lose or double an alert (either way), while the daemon runs and across a restart.
@Suite(.serialized) struct ClockJumpTests {
    static let day: TimeInterval = 86_400

    /// An installation with one feed polled every second.
    func installation() throws -> Installation {
        let install = try Installation(feeds: [
            "clock.xml": [RSSItem(guid: "c1", title: "Quantum widget one", link: "https://clock.example/1")]
        ])
        let text = """
            state_dir = "state"
            alert_log = "alerts.jsonl"
            log_level = "error"
            [defaults]
            interval = "1s"
            backlog = "3650d"
            [fetch]
            timeout = "5s"
            [[feed]]
            url = "\(install.server.url("/files/clock.xml"))"

            """
        try text.write(toFile: install.configPath, atomically: true, encoding: .utf8)
        return install
    }

    /// Adds item `n` to the feed (keeping the earlier ones).
    func publish(_ numbers: ClosedRange<Int>, in install: Installation) throws {
        try install.write(
            feed: "clock.xml",
            items: numbers.map {
                RSSItem(guid: "c\($0)", title: "Quantum widget \($0)", link: "https://clock.example/\($0)")
            })
    }

    /// Starts `daemon` on a thread; returns what stops it and waits for its end.
    func start(_ daemon: Daemon) -> () -> DispatchTimeoutResult {
        let signals = SignalEvents()
        let finished = DispatchSemaphore(value: 0)
        let box = DaemonBox(daemon: daemon)
        Thread {
            box.daemon.run(signals: signals)
            finished.signal()
        }.start()
        return {
            signals.post(.stop)
            return finished.wait(timeout: .now() + 5)
        }
    }

    /// The links of the alerts written, in order.
    func links(_ install: Installation) throws -> [String] {
        try install.alerts().compactMap { $0["link"] as? String }
    }

    @Test func aBackwardJumpOfADayDoesNotStopPolling() throws {
        let install = try installation()
        let clock = SettableClock()
        let stop = start(try Daemon(configPath: install.configPath, logger: quietLogger, clock: { clock.now }))
        try waitUntil { try install.alerts().count == 1 }
        clock.jump(by: -Self.day)
        try publish(1...2, in: install)
        // Polled every second: without following the jump, the next poll would be a day away.
        try waitUntil { try install.alerts().count == 2 }
        try publish(1...3, in: install)
        try waitUntil { try install.alerts().count == 3 }
        #expect(stop() == .success)
        #expect(
            try links(install) == ["https://clock.example/1", "https://clock.example/2", "https://clock.example/3"])
    }

    @Test func aForwardJumpOfADayPollsAtOnceThenKeepsTheInterval() throws {
        let install = try installation()
        let clock = SettableClock()
        let stop = start(try Daemon(configPath: install.configPath, logger: quietLogger, clock: { clock.now }))
        try waitUntil { try install.alerts().count == 1 }
        clock.jump(by: Self.day)
        try publish(1...2, in: install)
        try waitUntil { try install.alerts().count == 2 }
        try publish(1...3, in: install)
        try waitUntil { try install.alerts().count == 3 }
        #expect(stop() == .success)
        #expect(
            try links(install) == ["https://clock.example/1", "https://clock.example/2", "https://clock.example/3"])
    }

    @Test func aRestartAfterTheClockWentBackADayPollsAtOnce() throws {
        let install = try installation()
        let first = start(try Daemon(configPath: install.configPath, logger: quietLogger))
        try waitUntil { try install.alerts().count == 1 }
        #expect(first() == .success)

        // The state remembers a last poll and a next poll a day ahead of the clock now.
        let clock = SettableClock()
        clock.jump(by: -Self.day)
        try publish(1...2, in: install)
        let second = start(try Daemon(configPath: install.configPath, logger: quietLogger, clock: { clock.now }))
        try waitUntil { try install.alerts().count == 2 }
        #expect(second() == .success)
        #expect(try links(install) == ["https://clock.example/1", "https://clock.example/2"])
    }
}
