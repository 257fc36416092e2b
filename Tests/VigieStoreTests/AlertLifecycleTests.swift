import Foundation
import Testing

@testable import VigieStore

/// Pending, written, counted: the life of an alert in the state.
@Suite struct AlertLifecycleTests {
    @Test func recordedAlertsArePendingOldestFirstUntilMarkedWritten() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let first = makeAlert(key: "https://news.example/1")
        let second = makeAlert(key: "https://news.example/2")
        let third = makeAlert(key: "https://news.example/3")
        let inserted = try store.record(seen: [], alerts: [first, second], at: date(10))
        #expect(
            inserted == [
                PendingAlert(
                    alertID: first.alertID, watch: first.watch, articleKey: first.articleKey,
                    line: first.line, created: date(10)),
                PendingAlert(
                    alertID: second.alertID, watch: second.watch, articleKey: second.articleKey,
                    line: second.line, created: date(10)),
            ]
        )
        _ = try store.record(seen: [], alerts: [third], at: date(20))
        #expect(try store.pendingAlerts().map(\.alertID) == [first.alertID, second.alertID, third.alertID])
        #expect(
            try store.pendingAlerts() == inserted + [
                PendingAlert(
                    alertID: third.alertID, watch: third.watch, articleKey: third.articleKey, line: third.line,
                    created: date(20))
            ])

        try store.markWritten([second.alertID, "unknown-id"], at: date(30))
        #expect(try store.pendingAlerts().map(\.alertID) == [first.alertID, third.alertID])
        try store.markWritten([first.alertID, third.alertID, second.alertID], at: date(40))
        #expect(try store.pendingAlerts().isEmpty)
    }

    @Test func alertsWrittenCountsFromTheGivenDate() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let alerts = (0..<4).map { makeAlert(key: "https://news.example/\($0)") }
        _ = try store.record(seen: [], alerts: alerts, at: date(0))
        try store.markWritten([alerts[0].alertID], at: date(100))
        try store.markWritten([alerts[1].alertID, alerts[2].alertID], at: date(200))
        #expect(try store.alertsWritten(since: date(0)) == 3)
        #expect(try store.alertsWritten(since: date(100)) == 3)
        #expect(try store.alertsWritten(since: date(101)) == 2)
        #expect(try store.alertsWritten(since: date(201)) == 0)
        try store.markWritten([alerts[0].alertID], at: date(300))
        #expect(try store.alertsWritten(since: date(201)) == 0)
    }
}
