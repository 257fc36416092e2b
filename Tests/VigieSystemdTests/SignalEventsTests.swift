import Foundation
import Glibc
import Testing
import VigieSync

@testable import VigieSystemd

/// Requests posted and real signals sent to this very process. Only SIGHUP and SIGUSR1 are sent here: every
/// `SignalEvents` alive in the process receives them (the daemon tests' too, for which a reload or a log reopen is
/// harmless); SIGTERM and SIGINT are tested in a child process (``SignalStartupTests``).
@Suite(.serialized) struct SignalEventsTests {
    /// The requests `events` receives within `seconds`, waiting for at least one.
    func requests(of events: SignalEvents, within seconds: Double = 5) -> [SignalEvents.Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let taken = events.take()
            if !taken.isEmpty { return taken }
            events.wait(seconds: 0.1)
        }
        return []
    }

    @Test func postedRequestsAreTakenOnceInOrder() {
        let events = SignalEvents()
        events.post(.reload)
        events.post(.reopenLog)
        events.post(.reload)
        #expect(events.take() == [.reload, .reopenLog, .reload])
        #expect(events.take().isEmpty)
    }

    @Test func aStopCallsTheStopHandlerBeforeTheLoopLooks() {
        let stops = Locked(0)
        let events = SignalEvents(onStop: { stops.withLock { $0 += 1 } })
        events.post(.reload)
        #expect(stops.withLock { $0 } == 0)
        events.post(.stop)
        #expect(stops.withLock { $0 } == 1)
        #expect(events.take() == [.reload, .stop])
    }

    @Test func waitReturnsAsSoonAsARequestArrives() {
        let events = SignalEvents()
        let start = ContinuousClock.now
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            events.post(.reload)
        }.start()
        events.wait(seconds: 30)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(events.take() == [.reload])
    }

    @Test func waitWithNothingToTakeSleepsItsTime() {
        let events = SignalEvents()
        let start = ContinuousClock.now
        events.wait(seconds: 0.2)
        #expect(ContinuousClock.now - start >= .milliseconds(190))
    }

    /// Each SIGHUP is read before the next is sent, so each must give exactly one reload: none lost, none doubled,
    /// and the test process (whose threads mostly existed before the receiver and do not block the signal) lives.
    @Test func everySighupSentToTheProcessArrivesAsOneReload() {
        let events = SignalEvents()
        for round in 0..<20 {
            kill(getpid(), SIGHUP)
            #expect(requests(of: events) == [.reload], "round \(round)")
        }
        events.wait(seconds: 0.1)
        #expect(events.take().isEmpty)
    }

    @Test func sigusr1ArrivesAsReopenLog() {
        let events = SignalEvents()
        kill(getpid(), SIGUSR1)
        #expect(requests(of: events) == [.reopenLog])
    }

    @Test func everyLiveInstanceReceivesTheSignal() {
        let first = SignalEvents()
        let second = SignalEvents()
        kill(getpid(), SIGHUP)
        #expect(requests(of: first) == [.reload])
        #expect(requests(of: second) == [.reload])
    }
}
