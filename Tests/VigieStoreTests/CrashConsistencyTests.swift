import Foundation
import GRDB
import Testing
import VigieTestSupport

@testable import VigieStore

/// Real processes: `vigie-crash-helper` records and delivers alerts in a loop and is killed with SIGKILL at
/// random instants, again and again, after which every alert is in the log exactly once; and it writes under a
/// file size limit, which makes `write(2)` write part of a line.
@Suite struct CrashConsistencyTests {
    /// The helper, built beside the test binary.
    static var helper: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("vigie-crash-helper").path
    }

    /// Under a sanitizer every start of the helper is slower (25 starts took 220 s under ASan in CI): the limit
    /// scales like the CPU budgets.
    @Test(.timeLimit(.minutes(2 * CPUBudget.scale)))
    func sigkillAtRandomInstantsNeitherLosesNorDuplicatesAnAlert() async throws {
        let helper = Self.helper
        try #require(FileManager.default.isExecutableFile(atPath: helper), "build it: swift build --build-tests")
        let folder = try TemporaryFolder()
        let state = folder.file("state.sqlite")
        let log = folder.file("alerts.jsonl")
        var generator = SystemRandomNumberGenerator()
        let kills = 25
        for run in 0..<kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: helper)
            process.arguments = ["loop", state, log]
            let output = Pipe()
            process.standardOutput = output
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            if run % 5 == 0 {
                // During start-up: opening, migrating, reconciling.
                try await Task.sleep(nanoseconds: .random(in: 0...5_000_000, using: &generator))
            } else {
                // In the loop: after "ready" (or end of output if it died), whatever the machine's load.
                _ = output.fileHandleForReading.availableData
                try await Task.sleep(nanoseconds: .random(in: 1_000_000...60_000_000, using: &generator))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationReason == .uncaughtSignal, "run \(run) exited by itself: \(stderr)")
        }

        let store = try StateStore(path: state)
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: log))
        try delivery.reconcile()
        #expect(try store.integrityCheck())
        #expect(try store.pendingAlerts().isEmpty)
        let recorded = try store.allAlertIDs()
        let logLines = try lines(of: log)
        // A write torn by SIGKILL (Linux stops between pages) is blanked by reconcile: spaces, valid JSON Lines.
        let isBlank = { (line: String) in !line.isEmpty && line.allSatisfy { $0 == " " } }
        let blank = logLines.filter(isBlank)
        let logged = logLines.filter { !isBlank($0) }.map { AlertLine.alertID(in: Array($0.utf8)) }
        #expect(recorded.count >= kills / 2, "the helper made too little progress to test anything")
        #expect(!logged.contains(nil), "every line is valid JSON with an alert_id, or blank")
        #expect(logged.count == recorded.count, "no alert twice")
        #expect(Set(logged.compactMap { $0 }) == Set(recorded), "no alert lost, none unknown")
        #expect(blank.count < kills)
        #expect(logged.compactMap { $0 } == recorded, "the log holds the alerts in the order recorded")

        // Each batch was committed whole: both feeds carry the last batch's ETag, that batch's alerts are there,
        // and every alert's article is seen.
        let etags = try store.allFeedStates().map(\.etag)
        let alerts = try Self.alerts(in: store)
        let batches = alerts.compactMap { alert -> Int? in
            let object = try? JSONSerialization.jsonObject(with: Data(alert.line.utf8)) as? [String: Any]
            return object?["batch"] as? Int
        }
        #expect(batches.count == alerts.count, "every alert's line says its batch")
        let lastBatch = try #require(batches.max())
        #expect(etags == ["\"\(lastBatch)\"", "\"\(lastBatch)\""], "the ETags of the last batch, in both feeds")
        #expect(try store.unseenKeys(alerts.map(\.key)).isEmpty, "every alert's article is seen")
        #expect(try seenCount(store) == alerts.count, "every seen item came with its alert")
    }

    /// The article key and line of every alert in `store`, in the order recorded.
    static func alerts(in store: StateStore) throws -> [(key: String, line: String)] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT article_key, line FROM alerts ORDER BY seq").map { row in
                (key: row["article_key"], line: row["line"])
            }
        }
    }

    @Test func aShortWriteIsCutOffAndReportedNotLeftHalfWritten() throws {
        let helper = Self.helper
        try #require(FileManager.default.isExecutableFile(atPath: helper), "build it: swift build --build-tests")
        let folder = try TemporaryFolder()
        let log = folder.file("alerts.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = ["short-write", log, "100"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed == "ok\nshort-write\n")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == #"{"alert_id":"short"}"# + "\n")
    }
}
