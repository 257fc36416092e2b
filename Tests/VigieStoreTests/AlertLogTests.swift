import Foundation
import Testing

@testable import VigieStore

/// The append-only JSON Lines file: whole lines, file mode, rotation, and errors that name the path.
@Suite struct AlertLogTests {
    @Test func eachAppendAddsOneWholeLineToAFileCreatedWithMode0640() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        #expect(try permissions(of: log.path) == 0o640 & ~(try currentUmask()))
        try log.append(#"{"alert_id":"a"}"#)
        try log.append(#"{"alert_id":"b","title":"Meta et IBM lancent l’AI Alliance"}"#)
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let expected = #"{"alert_id":"a"}"# + "\n" + #"{"alert_id":"b","title":"Meta et IBM lancent l’AI Alliance"}"#
        #expect(text == expected + "\n")
    }

    @Test func appendingToAnExistingLogKeepsItsLines() throws {
        let folder = try TemporaryFolder()
        try "{\"alert_id\":\"old\"}\n".write(toFile: folder.file("alerts.jsonl"), atomically: false, encoding: .utf8)
        try folder.log().append(#"{"alert_id":"new"}"#)
        #expect(try alertIDs(inLog: folder.file("alerts.jsonl")) == ["old", "new"])
    }

    @Test func reopenFollowsALogRotation() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        try log.append(#"{"alert_id":"before"}"#)
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".1")
        try log.append(#"{"alert_id":"late"}"#)
        try log.reopen()
        try log.append(#"{"alert_id":"after"}"#)
        #expect(try alertIDs(inLog: log.path + ".1") == ["before", "late"])
        #expect(try alertIDs(inLog: log.path) == ["after"])
        #expect(try permissions(of: log.path) == 0o640 & ~(try currentUmask()))
    }

    @Test func aLineWithALineBreakIsRefusedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        let error = try #require(throws: StoreError.self) { try log.append("{\"alert_id\":\"a\",\n\"x\":1}") }
        #expect(error.code == .invalidAlert)
        #expect(try lines(of: log.path).isEmpty)
    }

    @Test func aBatchIsAppendedWholeAndALineBreakAnywhereRefusesAllOfIt() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        try log.append(contentsOf: [#"{"alert_id":"a"}"#, #"{"alert_id":"b"}"#, #"{"alert_id":"c"}"#])
        #expect(try alertIDs(inLog: log.path) == ["a", "b", "c"])
        let error = try #require(throws: StoreError.self) {
            try log.append(contentsOf: [#"{"alert_id":"d"}"#, "{\"alert_id\":\"e\",\r\"x\":1}"])
        }
        #expect(error.code == .invalidAlert)
        #expect(try alertIDs(inLog: log.path) == ["a", "b", "c"])
    }

    @Test func aFullDiskIsReportedWithThePathAndWhatToDo() throws {
        let log = try AlertLog(path: "/dev/full")
        let error = try #require(throws: StoreError.self) { try log.append(#"{"alert_id":"a"}"#) }
        #expect(error.code == .noSpace)
        #expect(error.errno == ENOSPC)
        #expect(error.path == "/dev/full")
        #expect(
            error.message == "/dev/full: cannot append to the alert log: No space left on device; free space on "
                + "its file system; pending alerts are kept and written when it works again"
        )
    }

    @Test func aMissingFolderFailsAtOpenAndTheLogRetriesOnTheNextAppend() throws {
        let folder = try TemporaryFolder()
        let logs = folder.file("logs")
        let path = logs + "/alerts.jsonl"
        let error = try #require(throws: StoreError.self) { try AlertLog(path: path) }
        #expect(error.code == .notFound)
        #expect(
            error.message.hasPrefix(
                path + ": cannot create the alert log: No such file or directory; create its folder"))

        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: false)
        let log = try AlertLog(path: path)
        try FileManager.default.removeItem(atPath: logs)
        #expect(throws: StoreError.self) { try log.reopen() }
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: false)
        try log.append(#"{"alert_id":"a"}"#)
        #expect(try alertIDs(inLog: path) == ["a"])
    }

    @Test(arguments: [
        (ENOSPC, StoreError.Code.noSpace), (EDQUOT, .noSpace), (EACCES, .permissionDenied),
        (EPERM, .permissionDenied), (EROFS, .readOnly), (ENOENT, .notFound), (ENOTDIR, .notFound),
        (EIO, .ioFailed),
    ])
    func systemErrorsGetACodeAndAMessageNamingThePath(number: Int32, code: StoreError.Code) {
        let error = StoreError.system("append to the alert log", path: "/var/log/vigie/alerts.jsonl", errno: number)
        #expect(error.code == code)
        #expect(error.errno == number)
        let reason = String(cString: strerror(number))
        #expect(error.message.hasPrefix("/var/log/vigie/alerts.jsonl: cannot append to the alert log: \(reason); "))
        #expect(error.description == error.message)
    }

    @Test func aTornLastLineIsBlankedOnceSoEveryLineStaysValid() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("alerts.jsonl")
        try "{\"alert_id\":\"a\"}\n{\"alert_id\":\"b".write(toFile: path, atomically: false, encoding: .utf8)
        let log = try AlertLog(path: path)
        #expect(try log.repairTornLine())
        #expect(try !log.repairTornLine())
        try log.append(#"{"alert_id":"c"}"#)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8) == "{\"alert_id\":\"a\"}\n"
                + String(repeating: " ", count: 14) + "\n{\"alert_id\":\"c\"}\n")
        let empty = try TemporaryFolder()
        #expect(try !empty.log().repairTornLine())
    }

    @Test func aTornLineLongerThanTheReadChunkIsBlankedWhole() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("alerts.jsonl")
        let torn = "{\"alert_id\":\"b\",\"padding\":\"" + String(repeating: "x", count: 200_000)
        try ("{\"alert_id\":\"a\"}\n" + torn).write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try TornLine.blank(path: path))
        #expect(try lines(of: path) == ["{\"alert_id\":\"a\"}", String(repeating: " ", count: torn.utf8.count)])
        try "no newline at all".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try TornLine.blank(path: path))
        #expect(try lines(of: path) == [String(repeating: " ", count: 17)])
    }

    @Test func concurrentAppendsNeverInterleave() async throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        let padding = String(repeating: "x", count: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for index in 0..<50 {
                        try? log.append(#"{"alert_id":"t\#(task)-\#(index)","padding":"\#(padding)"}"#)
                    }
                }
            }
        }
        let ids = try alertIDs(inLog: log.path)
        #expect(ids.count == 200)
        #expect(Set(ids.compactMap { $0 }).count == 200)
    }
}
