import Testing
import VigieTestSupport

@testable import VigieSystemd

/// Watchdog pacing with the time driven by the test, the pings read from a real notify socket.
@Suite struct WatchdogTests {
    /// WATCHDOG_USEC=2 s: the loop ticks at least every second, a ping is due half a second after the last.
    func watchdog(_ manager: NotifySocket) -> Watchdog {
        Watchdog(notifier: SystemdNotifier(environment: manager.environment(watchdogMicroseconds: 2_000_000)))
    }

    func pinged(_ manager: NotifySocket) -> Bool {
        guard let message = manager.receive() else { return false }
        #expect(message == "WATCHDOG=1")
        return true
    }

    @Test func theFirstTickPingsThenOnlyAfterHalfTheInterval() throws {
        let manager = try NotifySocket()
        let watchdog = watchdog(manager)
        #expect(watchdog.interval == .seconds(1))
        watchdog.tick(at: .seconds(100))
        #expect(pinged(manager))
        watchdog.tick(at: .seconds(100) + .milliseconds(499))
        #expect(!pinged(manager))
        watchdog.tick(at: .seconds(100) + .milliseconds(500))
        #expect(pinged(manager))
        watchdog.tick(at: .seconds(100) + .milliseconds(900))
        #expect(!pinged(manager))
        watchdog.tick(at: .seconds(102))
        #expect(pinged(manager))
    }

    @Test func aLoopTickingAtLeastEveryIntervalPingsWellWithinTheTimeout() throws {
        let manager = try NotifySocket()
        let watchdog = watchdog(manager)
        var generator = SeededRandom(state: 7)
        var now = Duration.zero
        var pings: [Duration] = []
        for _ in 0..<500 {
            now += .milliseconds(Int64(generator.next() % 1001))
            watchdog.tick(at: now)
            if pinged(manager) { pings.append(now) }
        }
        let gaps = zip(pings.dropFirst(), pings).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .milliseconds(500) })
        #expect(gaps.allSatisfy { $0 <= .milliseconds(1500) }, "systemd's timeout is 2 s")
    }

    @Test func nothingIsSentWhenTheWatchdogIsOff() throws {
        let manager = try NotifySocket()
        let watchdog = Watchdog(notifier: SystemdNotifier(environment: manager.environment()))
        #expect(watchdog.interval == nil)
        for second in 0..<5 { watchdog.tick(at: .seconds(second)) }
        #expect(manager.receive() == nil)
    }
}
