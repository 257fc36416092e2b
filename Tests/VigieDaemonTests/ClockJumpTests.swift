import Foundation
import Testing

@testable import VigieDaemon

/// The daemon schedules polls on the wall clock (`Date`): a jump of that clock must neither stop polling (backwards)
/// nor lose or double an alert (either way), while the daemon runs and across a restart. Every test uses an hour's
/// interval on a manual clock, so that "polled at once" and "polled on schedule" cannot be confused.
@Suite(.serialized) struct ClockJumpTests {
    static let day: TimeInterval = 86_400
    static let hour: TimeInterval = 3600

    func installation() throws -> Installation {
        try Installation(feeds: [
            "clock.xml": [RSSItem(guid: "c1", title: "Quantum widget one", link: "https://clock.example/1")]
        ])
    }

    /// Publishes items `numbers` in the feed.
    func publish(_ numbers: ClosedRange<Int>, in install: Installation) throws {
        try install.write(
            feed: "clock.xml",
            items: numbers.map {
                RSSItem(guid: "c\($0)", title: "Quantum widget \($0)", link: "https://clock.example/\($0)")
            })
    }

    func links(_ install: Installation) throws -> [String] {
        try install.alerts().compactMap { $0["link"] as? String }
    }

    @Test func aBackwardJumpOfADayDoesNotStopPolling() throws {
        let install = try installation()
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        #expect(try install.alerts().count == 1)
        clock.jump(by: -Self.day)
        try publish(1...2, in: install)
        // Without following the jump, the next poll would be a day and an hour away.
        try clock.advance(by: Self.hour - 120)
        #expect(try install.alerts().count == 1)
        try clock.advance(by: 120)
        #expect(try install.alerts().count == 2)
        try publish(1...3, in: install)
        try clock.advance(by: Self.hour)
        #expect(try install.alerts().count == 3)
        #expect(running.stop())
        #expect(
            try links(install) == ["https://clock.example/1", "https://clock.example/2", "https://clock.example/3"])
    }

    @Test func aForwardJumpOfADayPollsAtOnceThenKeepsTheInterval() throws {
        let install = try installation()
        let clock = ManualClock()
        let running = try install.start(clock: clock)
        #expect(try install.alerts().count == 1)
        try publish(1...2, in: install)
        clock.jump(by: Self.day)
        // At once: within the loop's longest sleep, not an hour later.
        try clock.advance(by: Daemon.maxSleep.seconds)
        #expect(try install.alerts().count == 2)
        // Then on the interval, counted from the new time.
        try publish(1...3, in: install)
        try clock.advance(by: Self.hour - 2 * Daemon.maxSleep.seconds)
        #expect(try install.alerts().count == 2)
        try clock.advance(by: 2 * Daemon.maxSleep.seconds)
        #expect(try install.alerts().count == 3)
        #expect(running.stop())
        #expect(
            try links(install) == ["https://clock.example/1", "https://clock.example/2", "https://clock.example/3"])
    }

    @Test func aRestartAfterTheClockWentBackADayPollsAtOnce() throws {
        let install = try installation()
        let clock = ManualClock()
        let first = try install.start(clock: clock)
        #expect(try install.alerts().count == 1)
        #expect(first.stop())

        // The state remembers a last poll and a next poll a day ahead of the clock now.
        clock.jump(by: -Self.day)
        try publish(1...2, in: install)
        let second = try install.start(clock: clock)
        #expect(try install.alerts().count == 2)
        #expect(second.stop())
        #expect(try links(install) == ["https://clock.example/1", "https://clock.example/2"])
    }
}
