import Foundation
import Glibc
import Testing

@testable import VigieLogReader

/// The whole log, rotations first: real files, compressed by the real `gzip`.
@Suite struct AlertLogReaderTests {
    /// The titles of the lines `reader` hands over (without follow).
    func titles(_ reader: AlertLogReader) throws -> [String] {
        var titles: [String] = []
        try reader.run(follow: false, emit: { _, alert in titles.append(alert.title ?? "?") })
        return titles
    }

    @Test func rotationsAreReadOldestFirstThenTheLiveLog() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.3.gz", members: [Lines.alert("1") + Lines.alert("2")])
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("3")])
        try folder.write("alerts.jsonl.1", Lines.alert("4"))
        try folder.write("alerts.jsonl", Lines.alert("5") + Lines.alert("6"))
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1", "2", "3", "4", "5", "6"])
        #expect(reader.skipped.isEmpty)
        #expect(reader.problems.isEmpty)
    }

    @Test func datedRotationsAreReadByDate() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl-20261123.gz", members: [Lines.alert("1")])
        try folder.gzip("alerts.jsonl-20261130.gz", members: [Lines.alert("2")])
        try folder.write("alerts.jsonl-20261207", Lines.alert("3"))
        try folder.write("alerts.jsonl", Lines.alert("4"))
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1", "2", "3", "4"])
    }

    /// `cat a.gz b.gz > c.gz` is one valid gzip file of two members; zlib must not stop after the first.
    @Test func everyMemberOfAMultiMemberGzipIsRead() throws {
        let folder = try LogFolder()
        try folder.gzip(
            "alerts.jsonl.2.gz", members: [Lines.alert("1"), Lines.alert("2") + Lines.alert("3"), Lines.alert("4")])
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1", "2", "3", "4"])
    }

    /// What `--json` prints: the bytes of each line, unchanged.
    @Test func theLinesAreHandedOverByteForByte() throws {
        let folder = try LogFolder()
        let lines = [
            Lines.alert("Café \u{1F600} \"quoted\""), #"{"title":"spaces kept" ,  "x":[ 1 ,2 ]}"# + "\n",
            Lines.alert("Plain"),
        ]
        try folder.gzip("alerts.jsonl.2.gz", members: [lines[0]])
        try folder.write("alerts.jsonl", lines[1] + lines[2])
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        var printed = Data()
        try reader.run(
            follow: false,
            emit: { line, _ in
                printed.append(contentsOf: line)
                printed.append(0x0A)
            })
        #expect(printed == Data(lines.joined().utf8))
    }

    @Test func blankLinesAreSkippedSilentlyAndOtherLinesCountedNamingTheirFile() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("1") + "garbage\n" + "   \n" + Lines.alert("2")])
        try folder.write("alerts.jsonl.1", "{\"cut\n" + Lines.alert("3") + "{\"cut short")
        try folder.write("alerts.jsonl", "        \n" + Lines.alert("4") + "<html>\n\n" + "[]\n")
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1", "2", "3", "4"])
        #expect(
            reader.skipped == [
                .init(path: folder.path("alerts.jsonl.2.gz"), notJSON: 1),
                .init(path: folder.path("alerts.jsonl.1"), notJSON: 1, incomplete: 1),
                .init(path: folder.path("alerts.jsonl"), notJSON: 2),
            ])
    }

    /// The live log's last line is still being written: it is not read, and not counted.
    @Test func theLiveLogsUnfinishedLastLineIsNotRead() throws {
        let folder = try LogFolder()
        try folder.write("alerts.jsonl", Lines.alert("1") + String(Lines.alert("2").dropLast()))
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1"])
        #expect(reader.skipped.isEmpty)
    }

    @Test func aDamagedGzipIsReportedAndTheRestIsStillRead() throws {
        let folder = try LogFolder()
        let big = (1...200).map { Lines.alert("old \($0)", entities: ["E\($0 * 7919)"]) }.joined()
        try folder.gzip("alerts.jsonl.3.gz", members: [big])
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder.path("alerts.jsonl.3.gz")))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: folder.path("alerts.jsonl.3.gz")))
        try Data([0x1F, 0x8B, 0x08, 0x00] + Array("not really gzip data".utf8))
            .write(to: URL(fileURLWithPath: folder.path("alerts.jsonl.2.gz")))
        try folder.write("alerts.jsonl", Lines.alert("live"))
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        let titles = try titles(reader)
        #expect(titles.first == "old 1")
        #expect(titles.last == "live")
        #expect(titles.count > 2 && titles.count < 201)
        #expect(reader.problems.map(\.code) == [.corruptGzip, .corruptGzip])
        #expect(reader.problems.map(\.path) == [folder.path("alerts.jsonl.3.gz"), folder.path("alerts.jsonl.2.gz")])
        #expect(reader.problems.allSatisfy { $0.message.hasPrefix($0.path + ": damaged gzip data") })
    }

    /// A rotation last written before `--since` holds no line to print: it is not even opened (here its only line
    /// is garbage, which would be counted if it were read).
    @Test func rotationsOlderThanSinceAreNotRead() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.2.gz", members: ["garbage\n"])
        try folder.setModified("alerts.jsonl.2.gz", 1_796_600_000)
        try folder.write("alerts.jsonl.1", Lines.alert("before", time: "2026-12-07T07:00:00Z") + Lines.alert("after"))
        try folder.write("alerts.jsonl", Lines.alert("live", time: "2026-12-07T09:00:00Z"))
        try folder.setModified("alerts.jsonl.1", 1_796_640_000)
        let since = Date(timeIntervalSince1970: 1_796_630_400)  // 2026-12-07T08:00:00Z
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter(since: since))
        #expect(try titles(reader) == ["after", "live"])
        #expect(reader.skipped.isEmpty)
    }

    /// The file that is live when reading starts is read once, even if a rotation gives it a second name (here a
    /// hard link stands for the rename that can happen between opening the log and listing its rotations).
    @Test func theLiveFileIsReadOnceUnderTwoNames() throws {
        let folder = try LogFolder()
        try folder.write("alerts.jsonl.2", Lines.alert("1"))
        try folder.write("alerts.jsonl", Lines.alert("2"))
        #expect(link(folder.path("alerts.jsonl"), folder.path("alerts.jsonl.1")) == 0)
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1", "2"])
    }

    @Test func filtersApplyToEveryFile() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("a", level: "info") + Lines.alert("b")])
        try folder.write("alerts.jsonl", Lines.alert("c", level: "notice") + Lines.feedHealth("d"))
        let reader = AlertLogReader(
            path: folder.path("alerts.jsonl"), filter: AlertLineFilter(minimumLevel: .notice, kinds: [.story]))
        #expect(try titles(reader) == ["b", "c"])
    }

    @Test func onlyRotationsAreEnoughWithoutTheLiveLog() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("1")])
        let reader = AlertLogReader(path: folder.path("alerts.jsonl"), filter: AlertLineFilter())
        #expect(try titles(reader) == ["1"])
    }

    @Test func noLogAndNoRotationIsNotFoundNamingThePath() throws {
        let folder = try LogFolder()
        let path = folder.path("alerts.jsonl")
        let reader = AlertLogReader(path: path, filter: AlertLineFilter())
        #expect {
            try titles(reader)
        } throws: { error in
            (error as? LogReaderError)?.code == .notFound && "\(error)".hasPrefix(path + ": no such alert log")
        }
    }

    /// `--follow` through the reader: the history, then the new lines, across a rotation, filtered.
    @Test func followingReadsTheHistoryThenNewLinesAcrossARotation() throws {
        let folder = try LogFolder()
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("1")])
        try folder.write("alerts.jsonl.1", Lines.alert("2"))
        try folder.write("alerts.jsonl", Lines.alert("3") + Lines.alert("skip", level: "info"))
        var steps: [() throws -> Void] = [
            { try folder.append("alerts.jsonl", Lines.alert("4") + "not json\n" + "   \n") },
            {
                try folder.rename("alerts.jsonl.1", to: "alerts.jsonl.2")
                try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
                try folder.append("alerts.jsonl.1", Lines.alert("5"))
                try folder.append("alerts.jsonl", Lines.alert("6") + String(Lines.alert("7").dropLast()))
            },
            { try folder.append("alerts.jsonl", "\n") },
        ]
        var stop = false
        var titles: [String] = []
        let reader = AlertLogReader(
            path: folder.path("alerts.jsonl"), filter: AlertLineFilter(minimumLevel: .notice), retirementPolls: 2)
        try reader.run(
            follow: true,
            sleep: {
                if steps.isEmpty { stop = true } else { try? steps.removeFirst()() }
            }, shouldStop: { stop }, emit: { _, alert in titles.append(alert.title ?? "?") })
        #expect(titles == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(reader.skipped == [.init(path: folder.path("alerts.jsonl"), notJSON: 1)])
    }
}
