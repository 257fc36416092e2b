import Foundation
import Testing

@testable import VigieLogReader

/// Following the live log in a real folder, one poll at a time: the test does between two polls what the daemon
/// and logrotate do, instead of sleeping.
@Suite struct AlertFollowerTests {
    /// The lines one poll hands over, as text.
    func poll(_ follower: AlertFollower) throws -> [String] {
        var lines: [String] = []
        try follower.poll { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    @Test func appendedLinesAppearAtTheNextPoll() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "a\nb\n")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        #expect(try poll(follower) == ["a", "b"])
        #expect(try poll(follower) == [])
        try folder.append("alerts.jsonl", "c\n")
        try folder.append("alerts.jsonl", "d\n")
        #expect(try poll(follower) == ["c", "d"])
    }

    @Test func aPartialLineWaitsForItsNewline() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "a\n{\"title\":\"hal")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        #expect(try poll(follower) == ["a"])
        #expect(try poll(follower) == [])
        try folder.append("alerts.jsonl", "f\"}")
        #expect(try poll(follower) == [])
        try folder.append("alerts.jsonl", "\nb\n")
        #expect(try poll(follower) == ["{\"title\":\"half\"}", "b"])
    }

    /// logrotate renames the log and creates a new one; the daemon writes to the old one until SIGUSR1 makes it
    /// reopen the path. Nothing written on either side is lost, and the old file's lines come first.
    @Test func aRotationLosesNoLineWrittenToTheOldFileOrTheNewOne() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "1\n")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"), retirementPolls: 3)
        #expect(try poll(follower) == ["1"])
        try folder.append("alerts.jsonl", "2\n")
        try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
        try folder.write("alerts.jsonl", "")
        try folder.append("alerts.jsonl.1", "3 (old file, after the rename)\n")
        try folder.append("alerts.jsonl", "4 (new file)\n")
        #expect(try poll(follower) == ["2", "3 (old file, after the rename)", "4 (new file)"])
        // The daemon has not reopened yet: a late write to the old file is still read, before the new file's.
        try folder.append("alerts.jsonl.1", "5 (old file, late)\n")
        try folder.append("alerts.jsonl", "6 (new file)\n")
        #expect(try poll(follower) == ["5 (old file, late)", "6 (new file)"])
        // Quiet for 3 polls: the old file is closed; later writes to it are no longer read.
        for _ in 1...3 { #expect(try poll(follower) == []) }
        try folder.append("alerts.jsonl.1", "7 (old file, too late)\n")
        try folder.append("alerts.jsonl", "8\n")
        #expect(try poll(follower) == ["8"])
        #expect(follower.takeDroppedLines() == (overlong: 0, unfinished: 0))
    }

    @Test func aSecondRotationBeforeThePollIsFollowedToo() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "1\n")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        #expect(try poll(follower) == ["1"])
        try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
        try folder.append("alerts.jsonl", "2\n")
        #expect(try poll(follower) == ["2"])
        try folder.rename("alerts.jsonl.1", to: "alerts.jsonl.2")
        try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
        try folder.append("alerts.jsonl", "3\n")
        #expect(try poll(follower) == ["3"])
    }

    @Test func aTruncatedLogIsReadAgainFromItsStart() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "a\nb\npartial")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        #expect(try poll(follower) == ["a", "b"])
        try folder.truncate("alerts.jsonl")
        try folder.append("alerts.jsonl", "c\n")
        #expect(try poll(follower) == ["c"])
    }

    @Test func aMissingLogIsWaitedFor() throws {
        let folder = try LogFolder()
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        #expect(try poll(follower) == [])
        try folder.append("alerts.jsonl", "a\n")
        #expect(try poll(follower) == ["a"])
        try folder.remove("alerts.jsonl")
        #expect(try poll(follower) == [])
        #expect(try poll(follower) == [])
        try folder.append("alerts.jsonl", "b\n")
        #expect(try poll(follower) == ["b"])
    }

    /// A write cut short in the old file (the daemon crashed during the rotation) is never completed: when the
    /// file is closed, the line is counted, not printed.
    @Test func anUnfinishedLineInAReplacedFileIsCountedWhenItIsClosed() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "a\n{\"cut")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"), retirementPolls: 2)
        #expect(try poll(follower) == ["a"])
        try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
        try folder.append("alerts.jsonl", "b\n")
        #expect(try poll(follower) == ["b"])
        #expect(try poll(follower) == [])
        #expect(follower.takeDroppedLines() == (overlong: 0, unfinished: 0))
        #expect(try poll(follower) == [])
        #expect(follower.takeDroppedLines() == (overlong: 0, unfinished: 1))
    }

    /// The loop itself: `sleep` is where the test acts (it is called between polls), `shouldStop` ends it.
    @Test func theFollowLoopPollsBetweenSleepsUntilAskedToStop() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", "1\n")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        var steps: [() throws -> Void] = [
            { try folder.append("alerts.jsonl", "2\n") },
            {
                try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
                try folder.append("alerts.jsonl.1", "3\n")
                try folder.append("alerts.jsonl", "4\n")
            },
            { try folder.append("alerts.jsonl", "5\n") },
        ]
        var stop = false
        var sleeps = 0
        var lines: [String] = []
        try follower.follow(
            sleep: {
                sleeps += 1
                if steps.isEmpty {
                    stop = true
                } else {
                    try? steps.removeFirst()()
                }
            }, shouldStop: { stop }, line: { lines.append(String(decoding: $0, as: UTF8.self)) })
        #expect(lines == ["1", "2", "3", "4", "5"])
        #expect(sleeps == 4)
    }

    @Test func aStopDuringALongReadEndsItEarly() throws {
        let folder = try LogFolder()
        try folder.append("alerts.jsonl", String(repeating: String(repeating: "x", count: 1023) + "\n", count: 1024))
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        var asked = 0
        var lines = 0
        try follower.follow(
            sleep: { Issue.record("no sleep after a stop") },
            shouldStop: {
                asked += 1
                return asked > 1
            }, line: { _ in lines += 1 })
        #expect(lines == 128)
    }

    @Test func aLineLongerThan16MiBIsDroppedAndCounted() throws {
        let folder = try LogFolder()
        let long = String(repeating: "y", count: LineSplitter.maximumLineBytes + 1)
        try folder.append("alerts.jsonl", "a\n" + long + "\nb\n")
        let follower = AlertFollower(path: folder.path("alerts.jsonl"))
        let lengths = try poll(follower).map(\.count)  // not the lines: a failure would print 16 MiB
        #expect(lengths == [1, 1])
        #expect(follower.takeDroppedLines() == (overlong: 1, unfinished: 0))
    }
}
