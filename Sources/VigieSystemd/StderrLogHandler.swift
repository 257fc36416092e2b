import Foundation
import Glibc
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

    /// Writes `line` on standard error (see ``write(_:to:)``).
    public static func writeToStandardError(_ line: String) {
        write(line, to: STDERR_FILENO)
    }

    /// Writes `line` on descriptor `descriptor`, in one `write(2)` when it fits (journald reads a line per write),
    /// going on after a partial write or `EINTR`; returns whether all of it was written.
    ///
    /// A failing write drops the line and returns `false`, never traps: the daemon's standard error is a pipe or a
    /// socket that can close under it (journald stops before the daemon during shutdown, a `vigie run | tee`
    /// loses its reader), and a lost log line must not kill a daemon that still has alerts to write (an earlier
    /// version used `FileHandle.write(_:)`, which traps on `EPIPE`: the daemon then hung in the crash reporter
    /// until systemd killed it). `vigie run` ignores SIGPIPE (see ``SignalEvents``), so such a write fails with
    /// `EPIPE` instead of killing the process.
    @discardableResult
    public static func write(_ line: String, to descriptor: Int32) -> Bool {
        Array(line.utf8).withUnsafeBytes { write($0, to: descriptor) }
    }

    /// Writes all of `bytes` on descriptor `descriptor` as the line-writing `write(_:to:)` above does (after a
    /// partial write or `EINTR` it goes on; a failure returns `false`): for output too large to copy into a string,
    /// such as `vigie parse --json` of a large feed on standard output.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
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
