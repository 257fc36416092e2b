import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieFeeds
import VigieJSON
import VigieStore

/// `vigie status`: whether the daemon runs, and every configured feed and sink as the state remembers them.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether the daemon runs, and each feed's and sink's state.",
        discussion: """
            Reads the state the daemon keeps, read-only (run it as a user who may read the state folder; it does \
            not hold the daemon up). The daemon runs when its heartbeat, written at least every 30 s, is recent. \
            Exit status: 0; 1 when some feed is failing ([health] failures polls in a row, or gone); 78 when the \
            configuration is invalid; 73 when the state cannot be read.
            """
    )

    @Option(help: "The configuration file.")
    var config = Config.defaultPath

    @Flag(help: "One JSON object: daemon, feeds, sinks, totals.")
    var json = false

    func run() throws {
        let settings = try SinksCommand.load(config)
        let report: StatusReport
        do {
            let store = try StateStore(
                readingOnly: (settings.stateDirectory as NSString).appendingPathComponent("state.sqlite"))
            report = try StatusReport(config: settings, store: store, now: Date())
        } catch {
            FileHandle.standardError.write(Data("vigie status: \(error)\n".utf8))
            throw ExitStatus.cannotCreate.code
        }
        if json {
            print(Self.json(report).serialized)
        } else {
            print(Self.table(report, colours: Terminal.colours, width: Terminal.width), terminator: "")
        }
        if report.someFeedFailing { throw ExitStatus.someFeedFailing.code }
    }

    /// An instant as RFC 3339 UTC, or `null`.
    static func time(_ date: Date?) -> JSONValue {
        .optional(date.map(DateParser.rfc3339))
    }

    /// The report as one JSON object (every key always present).
    static func json(_ report: StatusReport) -> JSONValue {
        let beat = report.daemon.heartbeat
        let daemon = JSONValue.object([
            ("running", .bool(report.daemon.running)),
            ("pid", beat.map { .int(Int($0.pid)) } ?? .null),
            ("host", .optional(beat?.host)),
            ("version", .optional(beat?.version)),
            ("started", time(beat?.started)),
            ("last_beat", time(beat?.beat)),
            ("last_cycle", time(beat?.lastCycle)),
            ("stopped", time(beat?.stopped)),
        ])
        let feeds = report.feeds.map { feed -> JSONValue in
            let state = feed.state
            return .object([
                ("name", .string(feed.name)),
                ("url", .string(feed.url)),
                ("enabled", .bool(feed.enabled)),
                ("health", .string(state.health.rawValue)),
                ("health_since", time(state.healthSince)),
                ("last_status", .optional(state.lastStatus?.rawValue)),
                ("consecutive_failures", .int(state.consecutiveFailures)),
                ("last_poll", time(state.lastPolled)),
                ("next_poll", time(state.nextPoll)),
                ("last_new_item", time(state.lastNewItem)),
                ("items_seen", .int(state.itemsSeen)),
                ("missed_polls", .int(state.missedPolls)),
                ("current_url", .optional(state.currentURL)),
                ("last_error", .optional(state.lastError)),
            ])
        }
        let sinks = report.sinks.map { sink -> JSONValue in
            .object([
                ("name", .string(sink.name)),
                ("pending", .int(sink.pending)),
                ("oldest_pending", time(sink.oldestPending)),
                ("next_attempt", time(sink.nextAttempt)),
                ("delivered", .int(sink.delivered)),
                ("failed", .int(sink.failed)),
                ("expired", .int(sink.expired)),
                ("last_error", .optional(sink.lastError)),
                ("disabled", .optional(sink.disabled)),
            ])
        }
        let totals = report.totals
        let statuses = ["ok", "not-modified", "failed", "throttled", "gone", "never"]
        return .object([
            ("time", .string(DateParser.rfc3339(report.now))),
            ("daemon", daemon),
            ("feeds", .array(feeds)),
            ("sinks", .array(sinks)),
            (
                "totals",
                .object([
                    ("feeds", .int(totals.feeds)),
                    ("by_status", .object(statuses.map { ($0, .int(totals.byStatus[$0] ?? 0)) })),
                    ("failing", .int(totals.failing)),
                    ("stale", .int(totals.stale)),
                    ("missed_polls", .int(totals.missedPolls)),
                    ("items_seen", .int(totals.itemsSeen)),
                    ("alerts_today", .int(totals.alertsToday)),
                    ("pending_alerts", .int(totals.pendingAlerts)),
                ])
            ),
        ])
    }

    /// The report as a table for people: the daemon's line, one line per feed (failing ones in red), their
    /// errors, the sinks, the totals.
    static func table(_ report: StatusReport, colours: Bool, width: Int) -> String {
        var out = ""
        let now = report.now
        if let beat = report.daemon.heartbeat {
            if report.daemon.running {
                out += Terminal.paint("daemon: running", 32, enabled: colours)
                out += " (pid \(beat.pid) on \(beat.host), vigie \(beat.version), since "
                out += "\(Terminal.relative(beat.started, now: now)), last cycle "
                out += "\(Terminal.relative(beat.lastCycle, now: now)))\n"
            } else if let stopped = beat.stopped {
                out += Terminal.paint("daemon: stopped", 33, enabled: colours)
                out += " \(Terminal.relative(stopped, now: now)) (pid \(beat.pid) on \(beat.host))\n"
            } else {
                out += Terminal.paint("daemon: not running", 31, enabled: colours)
                out += " (no heartbeat since \(Terminal.relative(beat.beat, now: now)): killed or hung?)\n"
            }
        } else {
            out += Terminal.paint("daemon: never ran on this state", 33, enabled: colours) + "\n"
        }
        out += "\n"
        let header = ["HEALTH", "STATUS", "FAILS", "LAST POLL", "NEXT POLL", "LAST NEW", "ITEMS", "MISSED", "FEED"]
        var rows: [[String]] = [header]
        for feed in report.feeds {
            let state = feed.state
            rows.append([
                feed.enabled ? state.health.rawValue : "disabled",
                state.lastStatus?.rawValue ?? "never",
                "\(state.consecutiveFailures)",
                Terminal.relative(state.lastPolled, now: now),
                feed.enabled && !state.gone ? Terminal.relative(state.nextPoll, now: now) : "-",
                Terminal.relative(state.lastNewItem, now: now),
                "\(state.itemsSeen)",
                "\(state.missedPolls)",
                feed.name,
            ])
        }
        let widths = (0..<(header.count - 1)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            var line = ""
            for (column, cell) in row.dropLast().enumerated() {
                line += cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) + "  "
            }
            line += Terminal.cut(row[row.count - 1], to: max(width - line.count, 10))
            let failing = index > 0 && report.feeds[index - 1].state.health != .ok
            out += (failing ? Terminal.paint(line, 31, enabled: colours) : line) + "\n"
        }
        let errors = report.feeds.filter { $0.state.lastError != nil }
        if !errors.isEmpty {
            out += "\nlast errors:\n"
            for feed in errors {
                out += "  \(feed.name): \(feed.state.lastError ?? "")\n"
            }
        }
        if !report.sinks.isEmpty {
            out += "\nsinks:\n"
            for sink in report.sinks {
                var line = "  \(sink.name): \(sink.pending) pending"
                if let oldest = sink.oldestPending { line += " (oldest \(Terminal.relative(oldest, now: now)))" }
                line += ", \(sink.delivered) delivered, \(sink.failed) failed, \(sink.expired) given up"
                if let disabled = sink.disabled {
                    line += Terminal.paint(", DISABLED: \(disabled)", 31, enabled: colours)
                }
                out += line + "\n"
            }
        }
        let totals = report.totals
        out += "\n\(totals.feeds) feeds: \(totals.failing) failing, \(totals.stale) stale; "
        out += "\(totals.itemsSeen) items seen, \(totals.missedPolls) polls that may have missed items; "
        out += "\(totals.alertsToday) alerts today"
        out += totals.pendingAlerts > 0 ? ", \(totals.pendingAlerts) pending\n" : "\n"
        return out
    }
}
