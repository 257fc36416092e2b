import ArgumentParser
import Foundation
import Glibc
import VigieConfig
import VigieDaemon
import VigieLogReader
import VigieSystemd

/// `vigie alerts`: the alert log and its rotations, filtered, as a table or as the lines themselves.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Print the alert log and its rotations (plain and .gz), oldest first; --follow keeps printing.",
        discussion: """
            The log is the configuration's alert_log, or the file given with --log. Its rotations beside it are read \
            first: alerts.jsonl.N[.gz] (a higher N is older) and logrotate's dateext names (alerts.jsonl-20261207[.gz]). \
            Only complete lines (ending in a newline) are read. Repeated --watch, --entity or --kind are alternatives \
            (any of them); different options all apply. Lines that are not JSON are skipped and counted on standard \
            error. --follow polls the live log every 0.5 s, keeps reading across a rotation, and stops on SIGINT, \
            SIGTERM or SIGHUP. Exit status: 0; 64 for a bad option; 65 when a compressed rotation is damaged (the rest is still \
            printed); 66 when the log does not exist or cannot be opened; 74 for a read error; 78 when the \
            configuration is invalid.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The configuration file, for its alert_log (default: \(Config.defaultPath)).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Read this log (and its rotations) instead of the configuration's.", valueName: "file"))
    var log: String?

    @Option(
        help: ArgumentHelp(
            "Only alerts since a duration ago (90s, 15m, 24h, 7d, 1h30m), a date (2026-12-07: midnight UTC) or an "
                + "RFC 3339 time.", valueName: "when"))
    var since: String?

    @Option(
        name: .customLong("watch"),
        help: ArgumentHelp("Only alerts this watch fired on (repeatable: any).", valueName: "name"))
    var watches: [String] = []

    @Option(
        name: .customLong("entity"),
        help: ArgumentHelp("Only alerts naming this entity, any case (repeatable: any).", valueName: "name"))
    var entities: [String] = []

    @Option(help: ArgumentHelp("Only alerts at least this urgent: alert, warning, notice, info.", valueName: "level"))
    var level: String?

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp(
            "Only lines of this kind: story, coverage, feed-health (repeatable: any).", valueName: "kind"))
    var kinds: [String] = []

    @Flag(help: "After printing the log, keep printing new alerts (across rotations) until interrupted.")
    var follow = false

    @Flag(help: "Print the matching lines of the log unchanged (JSON Lines).")
    var json = false

    func validate() throws {
        if config != nil && log != nil { throw ValidationError("give --config or --log, not both") }
        if let level, AlertLevel(rawValue: level) == nil {
            throw ValidationError("--level \(level): expected one of alert, warning, notice, info")
        }
        for kind in kinds where AlertKind(rawValue: kind) == nil {
            throw ValidationError("--kind \(kind): expected one of story, coverage, feed-health")
        }
        if let since, SinceArgument.instant(since, now: Date()) == nil {
            throw ValidationError(
                "--since \(since): expected a duration (90s, 15m, 24h, 7d, 1h30m), a date (2026-12-07) or an "
                    + "RFC 3339 time (2026-12-07T08:00:00Z)")
        }
    }

    func run() throws {
        // First, before any thread starts: SIGINT, SIGTERM and SIGHUP become requests the loop reads (SIGPIPE an EPIPE).
        let signals = follow ? SignalEvents() : nil
        let path = try logPath()
        let filter = AlertLineFilter(
            since: since.flatMap { SinceArgument.instant($0, now: Date()) }, watches: Set(watches), entities: entities,
            minimumLevel: level.flatMap(AlertLevel.init(rawValue:)), kinds: Set(kinds.compactMap(AlertKind.init)))
        let table = AlertTable(width: Terminal.width, colours: !json && Terminal.colours)
        let output = StandardOutput()
        let reader = AlertLogReader(path: path, filter: filter)
        var stopped = false
        var failure: LogReaderError?
        do {
            try reader.run(
                follow: follow,
                sleep: {
                    output.flush()
                    signals?.wait(seconds: 0.5)
                },
                shouldStop: {
                    // SIGINT, SIGTERM, and SIGHUP (the terminal went away) stop; SIGUSR1 means nothing here.
                    let requests = signals?.take() ?? []
                    if requests.contains(.stop) || requests.contains(.reload) { stopped = true }
                    return stopped || output.broken
                },
                emit: { line, alert in
                    if json {
                        output.write(line)
                    } else {
                        output.write(table.row(for: alert))
                    }
                })
        } catch {
            failure = error
        }
        output.flush()
        for skipped in reader.skipped {
            if skipped.notJSON > 0 {
                Self.warn(
                    "\(skipped.path): \(skipped.notJSON) line\(skipped.notJSON == 1 ? "" : "s") skipped: not JSON")
            }
            if skipped.incomplete > 0 {
                Self.warn(
                    "\(skipped.path): \(skipped.incomplete) incomplete line\(skipped.incomplete == 1 ? "" : "s") "
                        + "skipped (a write cut short)")
            }
        }
        for problem in reader.problems { Self.warn(problem.message) }
        if let failure {
            Self.warn(failure.message)
            throw Self.status(of: failure).code
        }
        if let first = reader.problems.first { throw Self.status(of: first).code }
    }

    /// The log to read: --log, else the configuration's `alert_log` (exit 78 when the configuration is invalid).
    private func logPath() throws -> String {
        if let log { return log }
        let path = config ?? Config.defaultPath
        do {
            let settings = try ConfigLoader.load(path: path)
            for warning in settings.warnings { Self.warn("warning: \(warning)") }
            return settings.alertLog
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            Self.warn("\(path): the configuration cannot be used; fix it, or give the log with --log FILE")
            throw ExitStatus.configError.code
        }
    }

    /// The exit status for an error of the reader.
    static func status(of error: LogReaderError) -> ExitStatus {
        switch error.code {
        case .notFound, .permissionDenied: .noInput
        case .corruptGzip: .dataError
        default: .ioError
        }
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("vigie alerts: \(message)\n".utf8))
    }
}

/// Standard output, buffered by hand: flushed when 64 KiB wait and before each sleep of `--follow`, so a pipe
/// (`| jq`) sees each new alert at once. A reader gone away (EPIPE) stops the command, as `head` expects.
private final class StandardOutput {
    private var pending: [UInt8] = []
    /// Whether a write failed: nobody reads any more.
    private(set) var broken = false

    func write(_ line: ArraySlice<UInt8>) {
        pending.append(contentsOf: line)
        pending.append(0x0A)
        if pending.count >= 64 << 10 { flush() }
    }

    func write(_ line: String) {
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        if pending.count >= 64 << 10 { flush() }
    }

    func flush() {
        if !broken && !pending.withUnsafeBytes({ StderrLogHandler.write($0, to: STDOUT_FILENO) }) { broken = true }
        pending.removeAll(keepingCapacity: true)
    }
}
