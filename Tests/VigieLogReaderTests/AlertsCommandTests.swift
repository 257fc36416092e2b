import Foundation
import Glibc
import Testing

/// `vigie alerts` as a user runs it: the `vigie` executable built beside the tests (`swift build --build-tests`
/// builds it), on real files, with a real SIGTERM.
@Suite struct AlertsCommandTests {
    static var vigie: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("vigie").path
    }

    /// A running `vigie`, its output read with a deadline.
    final class Child {
        let process = Process()
        private let stdout = Pipe()
        private let stderr = Pipe()
        private var pending = Data()

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            process.executableURL = URL(fileURLWithPath: AlertsCommandTests.vigie)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        /// The next line of standard output, or `nil` after 10 s or at its end.
        func nextLine() -> String? {
            let deadline = Date().addingTimeInterval(10)
            let descriptor = stdout.fileHandleForReading.fileDescriptor
            while true {
                if let newline = pending.firstIndex(of: 0x0A) {
                    defer { pending.removeSubrange(...newline) }
                    return String(decoding: pending[..<newline], as: UTF8.self)
                }
                let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard left > 0, poll(&waiting, 1, left) == 1 else { return nil }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = read(descriptor, &chunk, chunk.count)
                guard count > 0 else { return nil }
                pending.append(contentsOf: chunk[..<count])
            }
        }

        /// Waits for the exit (at most 10 s, then kills); the status and standard error.
        func end() -> (status: Int32, stderr: String) {
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                Issue.record("vigie did not exit within 10 s")
                process.terminate()
            }
            process.waitUntilExit()
            let errors = stderr.fileHandleForReading.readDataToEndOfFile()
            return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
        }
    }

    @Test func jsonPrintsTheMatchingLinesUnchangedAndCountsTheOthers() throws {
        let folder = try LogFolder()
        let story = Lines.alert("Story", watch: "members", watches: ["members"])
        try folder.gzip("alerts.jsonl.2.gz", members: [Lines.alert("Old", level: "info") + "garbage\n"])
        try folder.write("alerts.jsonl", story + "   \n" + Lines.feedHealth("Feed stale"))
        let child = try Child([
            "alerts", "--log", folder.path("alerts.jsonl"), "--json", "--level", "notice", "--watch", "members",
        ])
        #expect(child.nextLine().map { $0 + "\n" } == story)
        #expect(child.nextLine() == nil)
        let (status, errors) = child.end()
        #expect(status == 0)
        #expect(errors == "vigie alerts: \(folder.path("alerts.jsonl.2.gz")): 1 line skipped: not JSON\n")
    }

    @Test func theTableWithoutATerminalHasNoColours() throws {
        let folder = try LogFolder()
        try folder.write("alerts.jsonl", Lines.alert("Meta et IBM lancent l'AI Alliance", time: "2026-12-07T08:00:00Z"))
        let child = try Child(
            ["alerts", "--log", folder.path("alerts.jsonl")], environment: ["TZ": "UTC", "COLUMNS": "60"])
        #expect(child.nextLine() == "2026-12-07 08:00 alert   ai-alliance        Meta et IBM lan…")
        #expect(child.end().status == 0)
    }

    @Test func followPrintsNewLinesAndStopsOnSIGTERMWithStatus0() throws {
        let folder = try LogFolder()
        try folder.write("alerts.jsonl", Lines.alert("1"))
        let child = try Child(["alerts", "--log", folder.path("alerts.jsonl"), "--follow", "--json"])
        #expect(child.nextLine()?.contains("\"title\":\"1\"") == true)
        try folder.rename("alerts.jsonl", to: "alerts.jsonl.1")
        try folder.append("alerts.jsonl", Lines.alert("2"))
        #expect(child.nextLine()?.contains("\"title\":\"2\"") == true)
        kill(child.process.processIdentifier, SIGTERM)
        #expect(child.end().status == 0)
    }

    /// The configuration's `alert_log`, relative to the configuration's folder, is the log read.
    @Test func theLogIsTheConfigurationsAlertLog() throws {
        let folder = try LogFolder()
        try FileManager.default.createDirectory(atPath: folder.path("watchlists"), withIntermediateDirectories: true)
        try folder.write("watchlists/t.toml", "[[watch]]\nname = \"t\"\nany = [\"widget\"]\n")
        try folder.write(
            "vigie.toml", "alert_log = \"logs/alerts.jsonl\"\n[[feed]]\nurl = \"https://news.example/feed.xml\"\n")
        try FileManager.default.createDirectory(atPath: folder.path("logs"), withIntermediateDirectories: true)
        try folder.gzip("logs/alerts.jsonl.2.gz", members: [Lines.alert("Old")])
        try folder.write("logs/alerts.jsonl", Lines.alert("New"))
        let child = try Child(["alerts", "--config", folder.path("vigie.toml"), "--json"])
        #expect(child.nextLine()?.contains("\"title\":\"Old\"") == true)
        #expect(child.nextLine()?.contains("\"title\":\"New\"") == true)
        #expect(child.end().status == 0)
    }

    @Test func anInvalidConfigurationExits78() throws {
        let folder = try LogFolder()
        try folder.write("vigie.toml", "alert_log = 3\n")
        let child = try Child(["alerts", "--config", folder.path("vigie.toml")])
        let (status, errors) = child.end()
        #expect(status == 78)
        #expect(errors.contains("give the log with --log FILE"))
    }

    @Test func aMissingLogExits66NamingIt() throws {
        let folder = try LogFolder()
        let child = try Child(["alerts", "--log", folder.path("alerts.jsonl")])
        let (status, errors) = child.end()
        #expect(status == 66)
        #expect(errors.contains(folder.path("alerts.jsonl") + ": no such alert log"))
    }

    @Test(arguments: [["--level", "urgent"], ["--kind", "stories"], ["--since", "yesterday"], ["--config", "x"]])
    func aBadOptionExits64(arguments: [String]) throws {
        let child = try Child(["alerts", "--log", "/nonexistent/alerts.jsonl"] + arguments)
        #expect(child.end().status == 64)
    }
}
