import Foundation
import Testing

@testable import VigieStore

/// The exactly-once protocol, step by step: every crash window, torn lines, rotation and a full disk.
///
/// A crash is simulated by running some steps of a delivery, then dropping the objects and opening new ones
/// from the same files, as a restarted daemon does.
@Suite struct AlertDeliveryTests {
    /// A fresh folder per test, holding `state.sqlite` and `alerts.jsonl`.
    let folder: TemporaryFolder
    /// Three alerts for three articles, not recorded yet.
    let alerts: [NewAlert]

    /// A fresh folder and three alerts.
    init() throws {
        folder = try TemporaryFolder()
        alerts = (1...3).map { makeAlert(key: "https://news.example/\($0)") }
    }

    /// A restarted daemon: new objects on the same files.
    func restart(rotatedLogPaths: [String] = [], tailBytes: Int = 16 << 20) throws -> AlertDelivery {
        AlertDelivery(
            store: try folder.store(),
            log: try folder.log(),
            rotatedLogPaths: rotatedLogPaths,
            tailBytes: tailBytes
        )
    }

    /// The alert ids of the log's lines, in order; `nil` for a line that is not a valid alert.
    var logIDs: [String?] {
        get throws { try alertIDs(inLog: folder.file("alerts.jsonl")) }
    }

    @Test func flushAppendsEveryPendingAlertInOrderThenNothing() throws {
        let delivery = try restart()
        _ = try delivery.store.record(seen: [], alerts: alerts)
        #expect(try delivery.flush() == 3)
        #expect(try logIDs == alerts.map(\.alertID))
        #expect(try lines(of: folder.file("alerts.jsonl")) == alerts.map(\.line))
        #expect(try delivery.store.pendingAlerts().isEmpty)
        #expect(try delivery.flush() == 0)
        #expect(try logIDs.count == 3)
    }

    @Test func crashAfterRecordBeforeAppend() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        let delivery = try restart()
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 0, appended: 3))
        #expect(try logIDs == alerts.map(\.alertID))
        #expect(try delivery.store.pendingAlerts().isEmpty)
    }

    @Test func crashAfterAppendBeforeMark() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        try folder.log().append(alerts[0].line)
        let delivery = try restart()
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 1, appended: 2))
        #expect(try logIDs == alerts.map(\.alertID))
        #expect(try delivery.store.pendingAlerts().isEmpty)
    }

    @Test func crashAfterEveryAppendBeforeAnyMark() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        let log = try folder.log()
        for alert in alerts { try log.append(alert.line) }
        let delivery = try restart()
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 3, appended: 0))
        #expect(try logIDs == alerts.map(\.alertID))
    }

    @Test func crashAfterMark() throws {
        let store = try folder.store()
        _ = try store.record(seen: [], alerts: alerts)
        let log = try folder.log()
        for alert in alerts { try log.append(alert.line) }
        try store.markWritten(alerts.map(\.alertID))
        let delivery = try restart()
        #expect(try delivery.reconcile() == ReconcileReport())
        #expect(try logIDs == alerts.map(\.alertID))
    }

    @Test func theFirstFlushReconcilesWhenStartUpDidNot() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        try folder.log().append(alerts[0].line)
        let delivery = try restart()
        #expect(try delivery.flush() == 2)
        #expect(try logIDs == alerts.map(\.alertID))
        #expect(try delivery.flush() == 0)
    }

    @Test func aTornLastLineIsBlankedAndItsAlertCountsAsAbsent() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        let torn = alerts[1].line.dropLast(3)  // the alert_id member is whole, the object is not
        try (alerts[0].line + "\n" + torn).write(
            toFile: folder.file("alerts.jsonl"), atomically: false, encoding: .utf8)
        let delivery = try restart()
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 1, appended: 2, repairedTornLine: true))
        #expect(try logIDs == [alerts[0].alertID, nil, alerts[1].alertID, alerts[2].alertID])
        #expect(try lines(of: folder.file("alerts.jsonl"))[1] == String(repeating: " ", count: torn.utf8.count))
    }

    @Test func anAlertAppendedJustBeforeARotationIsFoundInTheRotatedLog() throws {
        _ = try folder.store().record(seen: [], alerts: alerts)
        try folder.log().append(alerts[0].line)
        let rotated = folder.file("alerts.jsonl.1")
        try FileManager.default.moveItem(atPath: folder.file("alerts.jsonl"), toPath: rotated)
        let delivery = try restart(rotatedLogPaths: [rotated, folder.file("alerts.jsonl.2")])
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 1, appended: 2))
        #expect(try logIDs == [alerts[1].alertID, alerts[2].alertID])
        #expect(try alertIDs(inLog: rotated) == [alerts[0].alertID])
    }

    @Test func onlyTheTailIsReadAndALineCutByTheBoundIsSkipped() throws {
        _ = try folder.store().record(seen: [], alerts: Array(alerts[0...1]))
        let log = try folder.log()
        try log.append(alerts[0].line)
        try log.append(alerts[1].line)
        // The bound falls inside the first line: it is not read, the second one is.
        let delivery = try restart(tailBytes: alerts[1].line.utf8.count + 10)
        #expect(try delivery.reconcile() == ReconcileReport(foundInLog: 1, appended: 1))
        #expect(try logIDs == [alerts[0].alertID, alerts[1].alertID, alerts[0].alertID])
    }

    @Test func aFullDiskKeepsTheAlertPendingAndItIsWrittenOnceTheLogWorksAgain() throws {
        let path = folder.file("alerts.jsonl")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/full")
        let delivery = AlertDelivery(store: try folder.store(), log: try AlertLog(path: path))
        _ = try delivery.store.record(seen: [], alerts: [alerts[0]])
        for _ in 0..<2 {
            let error = try #require(throws: StoreError.self) { try delivery.flush() }
            #expect(error.code == .noSpace)
            #expect(error.message.hasPrefix(path + ": cannot append to the alert log: No space left on device"))
            #expect(try delivery.store.pendingAlerts().map(\.alertID) == [alerts[0].alertID])
        }
        // The admin frees space (here: the path becomes a real file) and rotation or SIGUSR1 reopens the log.
        try FileManager.default.removeItem(atPath: path)
        try delivery.log.reopen()
        #expect(try delivery.flush() == 1)
        _ = try delivery.store.record(seen: [], alerts: [alerts[1]])
        #expect(try delivery.flush() == 1)
        #expect(try delivery.flush() == 0)
        #expect(try logIDs == [alerts[0].alertID, alerts[1].alertID])
        #expect(try delivery.store.pendingAlerts().isEmpty)
        #expect(try delivery.store.alertsWritten(since: .distantPast) == 2)
    }

    @Test func concurrentRecordsAndFlushesWriteEachAlertOnce() async throws {
        let delivery = try restart()
        try delivery.reconcile()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<25 {
                        // Two tasks share each article, so half of the alerts are duplicates to skip.
                        let alert = makeAlert(key: "https://news.example/\(task % 2)-\(index)")
                        _ = try? delivery.store.record(seen: [], alerts: [alert])
                        _ = try? delivery.flush()
                    }
                }
            }
        }
        try delivery.flush()
        let ids = try logIDs
        #expect(ids.count == 50)
        #expect(Set(ids.compactMap { $0 }) == Set(try delivery.store.allAlertIDs()))
        #expect(try delivery.store.pendingAlerts().isEmpty)
    }
}
