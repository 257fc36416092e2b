import Foundation

/// A Python server of `Tests/Support` run on 127.0.0.1 for the tests: started with its arguments, its first line
/// of standard output (the JSON that names its ports) read, stopped when released. The servers exit when their
/// standard input closes, so they never outlive the tests, even when those crash. ``FixtureServer``,
/// ``SinkReceiver`` and ``SMTPReceiver`` each run one.
public final class LoopbackScript: @unchecked Sendable {
    /// The first line the script wrote: the JSON that names its ports.
    public let announcement: Data
    private let process: Process
    private let input: Pipe

    /// Starts `python3 Tests/Support/SCRIPT ARGUMENTS…` and waits for its first line; `what` names it in the error
    /// thrown when it exits before writing one.
    public init(_ script: String, arguments: [String], what: String) throws {
        let path = FixtureServer.repositoryRoot.appendingPathComponent("Tests/Support").appendingPathComponent(script)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else {
                throw FixtureServer.ServerError(message: "\(what) exited before its ports")
            }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        announcement = Data(line)
    }

    deinit {
        stop()
    }

    /// Stops the server and waits for it to exit (again: nothing).
    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The records a server logged to `path`, one JSON line each, in order. Read leniently: a line still being
    /// written (no newline yet, maybe ending inside a character) is left for the next call.
    public static func records<Record: Decodable>(at path: String) throws -> [Record] {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // empty after the last newline, or a line not finished yet
        return try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }
}
