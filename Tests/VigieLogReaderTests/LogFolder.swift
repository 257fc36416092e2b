import Foundation
import Glibc
import Testing

/// A temporary folder holding an alert log and its rotations, removed when the value is dropped, with the file
/// operations a daemon and logrotate do.
final class LogFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-alerts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Creates (or replaces) `name` with `text`.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
    }

    /// Appends `text` to `name` (created when missing), with O_APPEND as the daemon does.
    func append(_ name: String, _ text: String) throws {
        let descriptor = open(path(name), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
        #expect(written == bytes.count)
    }

    /// Renames `name` to `newName` (logrotate's move).
    func rename(_ name: String, to newName: String) throws {
        guard Glibc.rename(path(name), path(newName)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }

    /// Removes `name`.
    func remove(_ name: String) throws {
        guard unlink(path(name)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }

    /// Truncates `name` to nothing (logrotate's copytruncate).
    func truncate(_ name: String) throws {
        guard Glibc.truncate(path(name), 0) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }

    /// Sets the modification time of `name` to `seconds` since 1970.
    func setModified(_ name: String, _ seconds: Int) throws {
        var times = [timeval(tv_sec: seconds, tv_usec: 0), timeval(tv_sec: seconds, tv_usec: 0)]
        guard utimes(path(name), &times) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    }

    /// Compresses `text` with the real `gzip` command into `name` (one member per text: a multi-member file when
    /// there are several, as `cat a.gz b.gz` makes).
    func gzip(_ name: String, members texts: [String]) throws {
        var compressed = Data()
        for text in texts {
            compressed.append(try Self.run("/usr/bin/gzip", ["-c", "-n"], input: Data(text.utf8)))
        }
        try compressed.write(to: URL(fileURLWithPath: path(name)))
    }

    /// The standard output of `program` fed `input`; the test fails when it does not exit 0.
    static func run(_ program: String, _ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Small inputs: the pipe's buffer holds them, so writing all before reading cannot block.
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(program) \(arguments) failed")
        return output
    }
}

/// Alert log lines as the daemon writes them (keys in the README's order, absent values `null`).
enum Lines {
    /// One line with its `\n`; `watches: nil` leaves the key out, as logs written before 2026-12 do.
    static func alert(
        _ title: String, time: String = "2026-12-07T08:00:00Z", watch: String? = "ai-alliance",
        level: String = "alert", watches: [String]? = ["ai-alliance"], kind: String? = "story",
        link: String? = "https://news.example/a", entities: [String] = ["IBM", "Meta"]
    ) -> String {
        var members: [(String, Any)] = [
            ("time", time), ("alert_id", UUID().uuidString.lowercased()), ("watch", watch ?? NSNull()),
            ("level", level),
        ]
        if let watches { members.append(("watches", watches)) }
        members += [
            ("story", "s3e0c1d2e3f405162"), ("kind", kind ?? NSNull()), ("title", title), ("link", link ?? NSNull()),
            ("feed", "https://news.example/feed.xml"), ("feed_title", "News"), ("entities", entities),
            ("terms", ["alliance"]), ("score", 47),
        ]
        return "{" + members.map { "\(json($0.0)):\(json($0.1))" }.joined(separator: ",") + "}\n"
    }

    /// A `feed-health` line: no watch, no watches.
    static func feedHealth(_ title: String, level: String = "warning", time: String = "2026-12-07T09:00:00Z")
        -> String
    {
        let members: [(String, Any)] = [
            ("time", time), ("alert_id", UUID().uuidString.lowercased()), ("watch", NSNull()), ("level", level),
            ("watches", [String]()), ("story", NSNull()), ("kind", "feed-health"), ("title", title),
            ("link", "https://news.example/feed.xml"), ("feed", "https://news.example/feed.xml"),
            ("entities", [String]()),
        ]
        return "{" + members.map { "\(json($0.0)):\(json($0.1))" }.joined(separator: ",") + "}\n"
    }

    private static func json(_ value: Any) -> String {
        let data = try! JSONSerialization.data(
            withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
