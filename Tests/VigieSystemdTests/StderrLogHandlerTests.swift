import Foundation
import Glibc
import Logging
import Testing
import VigieSync

@testable import VigieSystemd

/// What ``StderrLogHandlerTests/aLongLineIsWrittenWhole()``'s reader thread read.
private let readTotal = Locked(0)

/// The daemon's log handler, writing into a sink the test reads.
@Suite struct StderrLogHandlerTests {
    /// Lines written, in order.
    final class Sink: Sendable {
        let lines = Locked<[String]>([])
        func write(_ line: String) { lines.withLock { $0.append(line) } }
        var written: [String] { lines.withLock { $0 } }
    }

    func factory(_ control: LogLevelControl, _ sink: Sink, journald: Bool = true)
        -> @Sendable (String) -> any LogHandler
    {
        { label in StderrLogHandler(label: label, control: control, journald: journald, output: sink.write) }
    }

    @Test func aWriteToAClosedPipeFailsWithoutKillingTheProcess() throws {
        _ = SignalEvents()  // as `vigie run` does first: SIGPIPE is ignored from then on
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        #expect(!StderrLogHandler.write("<5>stopping\n", to: ends[1]))
        #expect(errno == EPIPE)
    }

    @Test func aLongLineIsWrittenWhole() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let readEnd = ends[0]
        defer { close(readEnd) }
        let line = String(repeating: "x", count: 200_000) + "\n"
        let reader = Thread {
            var total = 0
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                if count <= 0 { break }
                total += count
            }
            readTotal.withLock { $0 = total }
        }
        reader.start()
        #expect(StderrLogHandler.write(line, to: ends[1]))
        close(ends[1])
        while !reader.isFinished { usleep(1_000) }
        #expect(readTotal.withLock { $0 } == line.utf8.count)
    }

    @Test func aDebugLineAppearsOnlyOnceTheSharedLevelIsLowered() {
        let control = LogLevelControl(.info)
        let sink = Sink()
        let make = factory(control, sink)
        let root = Logger(label: "vigie", factory: make)
        let other = Logger(label: "vigie.fetch", factory: make)
        root.debug("not yet")
        other.debug("not yet")
        #expect(sink.written.isEmpty)
        control.level = .debug
        root.debug("now")
        other.debug("now too")
        #expect(sink.written == ["<7>now\n", "<7>now too\n"])
        control.level = .error
        root.warning("hidden again")
        #expect(sink.written.count == 2)
    }

    @Test func settingOneLoggersLevelSetsItForEveryLoggerOfTheControl() {
        let control = LogLevelControl(.info)
        let sink = Sink()
        var first = Logger(label: "a", factory: factory(control, sink))
        let second = Logger(label: "b", factory: factory(control, sink))
        first.logLevel = .trace
        #expect(control.level == .trace)
        second.trace("seen")
        #expect(sink.written == ["<7>seen\n"])
    }

    @Test func aHandlerWithItsOwnLevelKeepsIt() {
        let handler = StderrLogHandler(label: "x", level: .warning, journald: true)
        let other = StderrLogHandler(label: "y", level: .warning, journald: true)
        handler.logLevel = .debug
        #expect(handler.logLevel == .debug)
        #expect(other.logLevel == .warning)
    }

    @Test func metadataFollowsTheMessageSortedAndQuotedWhenNeeded() {
        let sink = Sink()
        var logger = Logger(label: "vigie", factory: factory(LogLevelControl(), sink))
        logger[metadataKey: "feed"] = "https://example.org/feed.xml"
        logger.error("fetch failed\nbadly", metadata: ["reason": "connection refused", "empty": ""])
        #expect(
            sink.written == [
                #"<3>fetch failed badly empty="" feed=https://example.org/feed.xml reason="connection refused""# + "\n"
            ])
    }

    @Test func outsideJournaldALineStartsWithTheTimeAndTheLevel() throws {
        let sink = Sink()
        let logger = Logger(label: "vigie", factory: factory(LogLevelControl(), sink, journald: false))
        logger.notice("started")
        let line = try #require(sink.written.first)
        #expect(line.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ NOTICE started\n/) != nil, "\(line)")
    }

    @Test(arguments: [
        (Logger.Level.critical, 2), (.error, 3), (.warning, 4), (.notice, 5), (.info, 6), (.debug, 7), (.trace, 7),
    ])
    func journaldPriorities(level: Logger.Level, priority: Int) {
        #expect(StderrLogHandler.priority(level) == priority)
    }
}
