import Foundation
import Testing

@testable import VigieStore

/// The delivery outbox: a row per (alert, sink) recorded with the alert, taken in order per sink, settled once.
@Suite struct DeliveryOutboxTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func alert(_ key: String, sinks: [String]) -> NewAlert {
        var alert = makeAlert(key: key)
        alert.sinks = sinks
        return alert
    }

    @Test func deliveriesAreRecordedWithTheirAlertAndTakenInOrderPerSink() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let a = alert("https://n.example/a", sinks: ["hook", "phone"])
        let b = alert("https://n.example/b", sinks: ["hook"])
        let inserted = try store.record(seen: [], alerts: [a, b], at: start)
        #expect(inserted.count == 2)
        let first = try #require(try store.nextDelivery(sink: "hook"))
        #expect(first.alertID == a.alertID && first.line == a.line && first.attempts == 0)
        #expect(first.created == start && first.nextAttempt == start)
        #expect(try store.nextDelivery(sink: "phone")?.alertID == a.alertID)
        #expect(try store.nextDelivery(sink: "other") == nil)
        // Order kept: b waits while a is pending, even when a backs off.
        try store.postponeDelivery(
            alertID: a.alertID, sink: "hook", attempts: 1, until: start.addingTimeInterval(60), error: "HTTP 503")
        let waiting = try #require(try store.nextDelivery(sink: "hook"))
        #expect(waiting.alertID == a.alertID && waiting.attempts == 1 && waiting.lastError == "HTTP 503")
        #expect(waiting.nextAttempt == start.addingTimeInterval(60))
        try store.settleDelivery(alertID: a.alertID, sink: "hook", as: .delivered, attempts: 2, at: start)
        #expect(try store.nextDelivery(sink: "hook")?.alertID == b.alertID)
        #expect(try store.nextDelivery(sink: "phone")?.alertID == a.alertID)  // each sink its own queue
    }

    @Test func aDuplicateAlertRecordsNoDelivery() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let a = alert("https://n.example/a", sinks: ["hook"])
        _ = try store.record(seen: [], alerts: [a], at: start)
        try store.settleDelivery(alertID: a.alertID, sink: "hook", as: .delivered, attempts: 1, at: start)
        // The same (watch, article) again, as after a restart: no alert, so no delivery.
        let again = alert("https://n.example/a", sinks: ["hook"])
        #expect(try store.record(seen: [], alerts: [again], at: start).isEmpty)
        #expect(try store.nextDelivery(sink: "hook") == nil)
    }

    @Test func aSettledDeliveryStaysSettled() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let a = alert("https://n.example/a", sinks: ["hook"])
        _ = try store.record(seen: [], alerts: [a], at: start)
        try store.settleDelivery(
            alertID: a.alertID, sink: "hook", as: .failed, attempts: 1, error: "HTTP 400", at: start)
        try store.settleDelivery(alertID: a.alertID, sink: "hook", as: .delivered, attempts: 2, at: start)
        try store.postponeDelivery(alertID: a.alertID, sink: "hook", attempts: 3, until: start, error: "late")
        let status = try #require(try store.sinkStatuses(["hook": "https://h.example"]).first)
        #expect(status.failed == 1 && status.delivered == 0 && status.pending == 0)
        #expect(status.lastError == "HTTP 400")
    }

    @Test func statusCountsEachStateAndTheOldestPending() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let alerts = (0..<4).map { alert("https://n.example/\($0)", sinks: ["hook"]) }
        for (index, alert) in alerts.enumerated() {
            _ = try store.record(seen: [], alerts: [alert], at: start.addingTimeInterval(Double(index)))
        }
        try store.settleDelivery(alertID: alerts[0].alertID, sink: "hook", as: .delivered, attempts: 1, at: start)
        try store.settleDelivery(
            alertID: alerts[1].alertID, sink: "hook", as: .expired, attempts: 9, error: "timed out", at: start)
        let statuses = try store.sinkStatuses(["hook": "https://h.example", "idle": "https://i.example"])
        #expect(statuses.map(\.name) == ["hook", "idle"])
        let hook = statuses[0]
        #expect(hook.pending == 2 && hook.delivered == 1 && hook.expired == 1 && hook.failed == 0)
        #expect(hook.oldestPending == start.addingTimeInterval(2))
        #expect(hook.nextAttempt == start.addingTimeInterval(2))
        // The head backs off: the queue's next attempt is its time, not that of the delivery waiting behind it.
        try store.postponeDelivery(
            alertID: alerts[2].alertID, sink: "hook", attempts: 1, until: start.addingTimeInterval(600),
            error: "timed out")
        #expect(
            try store.sinkStatuses(["hook": "https://h.example"]).first?.nextAttempt == start.addingTimeInterval(600))
        #expect(hook.lastError == "timed out" && hook.disabled == nil)
        #expect(statuses[1] == SinkStatus(name: "idle"))
    }

    @Test func aSinkIsDisabledForTheTargetThatSaidGone() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.disableSink("hook", target: "https://old.example", reason: "HTTP 410: gone", at: start)
        #expect(try store.sinkDisabled("hook", target: "https://old.example") == "HTTP 410: gone")
        #expect(try store.sinkDisabled("hook", target: "https://new.example") == nil)
        #expect(try store.sinkStatuses(["hook": "https://old.example"]).first?.disabled == "HTTP 410: gone")
        #expect(try store.sinkStatuses(["hook": "https://new.example"]).first?.disabled == nil)
    }

    @Test func theOutboxSurvivesReopening() throws {
        let folder = try TemporaryFolder()
        let a = alert("https://n.example/a", sinks: ["hook"])
        do {
            let store = try folder.store()
            _ = try store.record(seen: [], alerts: [a], at: start)
            try store.postponeDelivery(
                alertID: a.alertID, sink: "hook", attempts: 3, until: start.addingTimeInterval(600), error: "refused")
        }
        let reopened = try folder.store()
        let delivery = try #require(try reopened.nextDelivery(sink: "hook"))
        #expect(delivery.attempts == 3 && delivery.nextAttempt == start.addingTimeInterval(600))
    }
}
