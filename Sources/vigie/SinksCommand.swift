import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieDeliver
import VigieJSON
import VigieStore

/// `vigie sinks`: the delivery of alerts to webhooks, ntfy and programs.
struct SinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sinks",
        abstract: "Show the sinks' deliveries, or send a test message to one.",
        subcommands: [Status.self, Test.self]
    )

    /// `vigie sinks status`: per sink, what waits, what went, what failed.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Per sink: deliveries pending (and the oldest), delivered, failed, given up; the last error; "
                + "whether it is disabled.",
            discussion: "Reads the state the daemon keeps (run it as the daemon's user). Exit status: 0; 78 when "
                + "the configuration is invalid, 73 when the state cannot be opened."
        )

        @Option(help: "The configuration file.")
        var config = Config.defaultPath

        @Flag(help: "One JSON object per sink.")
        var json = false

        func run() throws {
            let settings = try SinksCommand.load(config)
            let store: StateStore
            do {
                store = try StateStore(
                    readingOnly: (settings.stateDirectory as NSString).appendingPathComponent("state.sqlite"))
            } catch {
                FileHandle.standardError.write(Data("vigie sinks status: \(error)\n".utf8))
                throw ExitStatus.cannotCreate.code
            }
            let statuses = try store.sinkStatuses(SinkTargets.keys(of: settings.sinks))
            let configured = Set(settings.sinks.map(\.name))
            if json {
                for status in statuses {
                    print(
                        JSONValue.object([
                            ("sink", .string(status.name)), ("configured", .bool(configured.contains(status.name))),
                            ("pending", .int(status.pending)),
                            ("oldest_pending", .optional(status.oldestPending.map(SinksCommand.time))),
                            ("next_attempt", .optional(status.nextAttempt.map(SinksCommand.time))),
                            ("delivered", .int(status.delivered)), ("failed", .int(status.failed)),
                            ("expired", .int(status.expired)), ("last_error", .optional(status.lastError)),
                            ("disabled", .optional(status.disabled)),
                        ]).serialized)
                }
                return
            }
            if statuses.isEmpty { print("no sink is configured ([[sink]] in \(config))") }
            for status in statuses {
                let kind = settings.sinks.first { $0.name == status.name }?.kind.rawValue ?? "not configured"
                print("\(status.name) (\(kind))\(status.disabled == nil ? "" : ": DISABLED")")
                var pending = "  pending: \(status.pending)"
                if let oldest = status.oldestPending { pending += ", oldest from \(SinksCommand.time(oldest))" }
                if let next = status.nextAttempt, status.pending > 0 {
                    pending += ", next attempt \(SinksCommand.time(next))"
                }
                print(pending)
                print(
                    "  delivered: \(status.delivered), failed for good: \(status.failed), given up: \(status.expired)")
                if let disabled = status.disabled { print("  disabled: \(disabled)") }
                if let error = status.lastError { print("  last error: \(error)") }
            }
        }
    }

    /// `vigie sinks test NAME`: one test message, and the receiver's answer.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Send a test message to a sink and print what its receiver answered.",
            discussion: "The message is an alert line of watch \"vigie-test\", with a fresh alert_id; nothing is "
                + "recorded. Exit status: 0 when the receiver took it, 69 otherwise, 78 when the configuration is "
                + "invalid or names no such sink."
        )

        @Option(help: "The configuration file.")
        var config = Config.defaultPath

        @Argument(help: "The sink's name.")
        var name: String

        func run() throws {
            let settings = try SinksCommand.load(config)
            guard let sink = settings.sinks.first(where: { $0.name == name }) else {
                let names = settings.sinks.map(\.name)
                FileHandle.standardError.write(
                    Data(
                        ("vigie sinks test: \(config) has no sink named \"\(name)\""
                            + (names.isEmpty ? "" : "; its sinks: \(names.joined(separator: ", "))") + "\n").utf8))
                throw ExitStatus.configError.code
            }
            let now = Date()
            let alertID = "test-" + NewAlert.makeAlertID()
            let line = SinksCommand.testLine(alertID: alertID, sink: sink.name, now: now)
            let outcome = Deliverer(
                timeout: sink.timeout, userAgent: settings.fetch.userAgent, caFile: settings.fetch.caFile
            ).deliver(
                line: line, alertID: alertID, to: SinkTargets.target(of: sink), now: now)
            switch outcome {
            case .delivered(let answer):
                print("\(sink.name): delivered (\(answer))")
            case .retry(let after, let reason):
                print(
                    "\(sink.name): not delivered, the daemon would retry\(after.map { " in \(Int($0)) s" } ?? ""): \(reason)"
                )
                throw ExitStatus.unavailable.code
            case .permanent(let reason):
                print("\(sink.name): refused (the daemon would not retry): \(reason)")
                throw ExitStatus.unavailable.code
            case .disable(let reason):
                print(
                    "\(sink.name): the receiver says the endpoint is gone (the daemon would disable the sink): \(reason)"
                )
                throw ExitStatus.unavailable.code
            }
        }
    }

    /// The configuration (sinks, secrets and state folder), or exit 78 with its problems.
    static func load(_ path: String) throws -> Config {
        do {
            let config = try ConfigLoader.load(path: path)
            for warning in config.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            return config
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitStatus.configError.code
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }

    /// A test alert line, shaped as the daemon's.
    static func testLine(alertID: String, sink: String, now: Date) -> String {
        let host = ProcessInfo.processInfo.hostName
        return JSONValue.object([
            ("time", .string(time(now))), ("alert_id", .string(alertID)), ("watch", .string("vigie-test")),
            ("level", .string("notice")), ("watches", .array([.string("vigie-test")])),
            ("story", .string("s-test")), ("kind", .string("story")), ("story_alert_id", .string(alertID)),
            ("title", .string("Vigie test message from \(host)")), ("link", .null), ("id", .string(alertID)),
            ("key", .string(alertID)), ("published", .null), ("feed", .string("vigie sinks test")),
            ("feed_title", .string("vigie sinks test")), ("entities", .array([])), ("terms", .array([])),
            ("fields", .array([])),
            ("snippet", .string("If you read this, the sink \(sink) works: alerts will reach you here.")),
            ("score", .int(0)),
        ]).serialized
    }
}
