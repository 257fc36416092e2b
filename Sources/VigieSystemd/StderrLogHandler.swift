import Foundation
import Logging

/// A swift-log handler for a daemon: one line per message on standard error.
///
/// Under systemd (`$JOURNAL_STREAM` set) each line starts with a syslog priority prefix (`<3>` error … `<7>` debug)
/// that journald turns into the entry's priority, and carries no timestamp (the journal adds one). Elsewhere each
/// line starts with an RFC 3339 timestamp and the level. Metadata follows the message as `key=value` pairs, so every
/// line about a feed names it (`feed=https://…`).
///
/// The level lives in a ``LogLevelControl``: handlers made with the same control share it, so a reload that sets
/// `control.level` changes every logger of the process at once.
public struct StderrLogHandler: LogHandler {
    /// The level at and above which messages are written: the control's, shared with every handler using it.
    public var logLevel: Logger.Level {
        get { control.level }
        nonmutating set { control.level = newValue }
    }
    /// Metadata attached to every message of this logger.
    public var metadata: Logger.Metadata = [:]
    /// The shared level.
    public let control: LogLevelControl
    private let journald: Bool
    private let output: @Sendable (String) -> Void

    /// Creates a handler with a level of its own (`level`), not shared with other handlers.
    public init(
        label: String, level: Logger.Level = .info,
        journald: Bool = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil
    ) {
        self.init(label: label, control: LogLevelControl(level), journald: journald)
    }

    /// Creates a handler whose level is `control`'s; `journald` defaults to whether `$JOURNAL_STREAM` is set, and
    /// `output` (which receives each line, newline included) to writing on standard error. The logger's `label` is
    /// not written: what a line is about is in its metadata (`feed=…`).
    public init(
        label: String, control: LogLevelControl,
        journald: Bool = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil,
        output: @escaping @Sendable (String) -> Void = StderrLogHandler.writeToStandardError
    ) {
        self.control = control
        self.journald = journald
        self.output = output
    }

    /// Writes `line` on standard error in one `write(2)`.
    public static func writeToStandardError(_ line: String) {
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one message.
    public func log(event: LogEvent) {
        var line = ""
        if journald {
            line = "<\(Self.priority(event.level))>"
        } else {
            line = Self.timestamp() + " " + event.level.rawValue.uppercased() + " "
        }
        line += event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() {
            line += " \(key)=\(Self.quoted(merged[key]!.description))"
        }
        output(line.replacingOccurrences(of: "\n", with: " ") + "\n")
    }

    /// The syslog priority of a level (journald's `<N>` prefix).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: return 2
        case .error: return 3
        case .warning: return 4
        case .notice: return 5
        case .info: return 6
        case .debug, .trace: return 7
        }
    }

    private static func quoted(_ value: String) -> String {
        value.contains(" ") || value.isEmpty ? "\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"" : value
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = now.tv_sec
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
