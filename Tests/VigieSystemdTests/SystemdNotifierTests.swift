import Foundation
import Glibc
import Testing
import VigieTestSupport

@testable import VigieSystemd

/// The sd_notify protocol over a real Unix datagram socket, as systemd listens to it.
@Suite struct SystemdNotifierTests {
    @Test func readyCarriesTheStatusLine() throws {
        let manager = try NotifySocket()
        let notifier = SystemdNotifier(environment: manager.environment())
        #expect(notifier.isActive)
        notifier.ready(status: "started: 3 feeds")
        #expect(manager.receive(within: 2) == "READY=1\nSTATUS=started: 3 feeds")
        notifier.ready()
        #expect(manager.receive(within: 2) == "READY=1")
    }

    @Test func everyMessageArrivesAsOneDatagram() throws {
        let manager = try NotifySocket()
        let notifier = SystemdNotifier(environment: manager.environment())
        notifier.status("10 feeds: 10 ok")
        notifier.stopping()
        notifier.watchdog()
        #expect(manager.receive(within: 2) == "STATUS=10 feeds: 10 ok")
        #expect(manager.receive(within: 2) == "STOPPING=1")
        #expect(manager.receive(within: 2) == "WATCHDOG=1")
        #expect(manager.receive() == nil)
    }

    /// systemd (Type=notify-reload) wants RELOADING=1 with the CLOCK_MONOTONIC time of the reload.
    @Test func reloadingCarriesTheMonotonicTime() throws {
        let manager = try NotifySocket()
        let notifier = SystemdNotifier(environment: manager.environment())
        let before = Self.monotonicMicroseconds()
        notifier.reloading()
        let after = Self.monotonicMicroseconds()
        let message = try #require(manager.receive(within: 2))
        let lines = message.split(separator: "\n")
        #expect(lines.first == "RELOADING=1")
        let stamp = try #require(lines.last.flatMap { Int64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(lines.last?.hasPrefix("MONOTONIC_USEC=") == true)
        #expect((before...after).contains(stamp))
    }

    @Test func anAbstractSocketIsReached() throws {
        let manager = try NotifySocket(abstract: true)
        let notifier = SystemdNotifier(environment: manager.environment())
        notifier.ready()
        #expect(manager.receive(within: 2) == "READY=1")
    }

    @Test func withoutANotifySocketNothingIsSentAndNothingFails() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isActive)
        #expect(notifier.watchdogInterval == nil)
        notifier.ready(status: "x")
        notifier.reloading()
        notifier.watchdog()
    }

    @Test func theWatchdogIntervalIsHalfOfWatchdogUsec() throws {
        let manager = try NotifySocket()
        let notifier = SystemdNotifier(environment: manager.environment(watchdogMicroseconds: 3_000_000))
        #expect(notifier.watchdogInterval == .milliseconds(1500))
        let ours = SystemdNotifier(
            environment: manager.environment(watchdogMicroseconds: 3_000_000, watchdogPID: getpid()))
        #expect(ours.watchdogInterval == .milliseconds(1500))
    }

    /// WATCHDOG_PID names the process the watchdog is for; another process (a child that inherited the
    /// environment) must not ping it.
    @Test func aWatchdogMeantForAnotherProcessIsOff() throws {
        let manager = try NotifySocket()
        let notifier = SystemdNotifier(
            environment: manager.environment(watchdogMicroseconds: 3_000_000, watchdogPID: getpid() + 1))
        #expect(notifier.watchdogInterval == nil)
    }

    static func monotonicMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
    }
}
