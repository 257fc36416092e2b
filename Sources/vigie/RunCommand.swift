import ArgumentParser
import Foundation
import Logging
import VigieDaemon
import VigieSync
import VigieSystemd

/// `vigie run`: the daemon (or one poll of every feed with `--once`).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll the feeds and append an alert line for every new matching article.",
        discussion: """
            Under systemd (Type=notify) it reports READY=1 once the configuration is loaded and the state opened, \
            STATUS= lines, WATCHDOG=1 and RELOADING=1. Signals: SIGHUP reloads the configuration and watchlists \
            (an invalid new configuration is logged and the old one kept), SIGUSR1 reopens the alert log, SIGTERM \
            and SIGINT stop. Exit status: 0 after a stop or --once; 78 for an invalid configuration; 73 when the \
            state or the alert log cannot be opened; 74 when --once could not write its alerts.
            """
    )

    @Option(help: "The configuration file.")
    var config = "/etc/vigie/vigie.toml"

    @Flag(help: "Poll every enabled feed once now, write the alerts, and exit.")
    var once = false

    func run() throws {
        let logger = DaemonLogging.bootstrap(configPath: config)
        // Listen before the start-up (configuration, state, reconciliation): a SIGHUP or SIGUSR1 arriving meanwhile
        // (logrotate's postrotate does not wait for READY=1) is queued and acted on, instead of killing the process.
        let relay = StopRelay()
        let signals = once ? nil : SignalEvents(onStop: { relay.handler.withLock { $0 }?() })
        let daemon: Daemon
        do {
            daemon = try Daemon(configPath: config, logger: logger)
        } catch {
            logger.critical("\(error.message)")
            throw ExitCode(error.status)
        }
        if once {
            let summary = daemon.runOnce()
            if let storageError = summary.storageError {
                logger.error("alerts could not all be written: \(storageError)")
                throw ExitCode(74)
            }
            return
        }
        guard let signals else { return }
        relay.handler.withLock { $0 = daemon.stopHandler }
        daemon.run(signals: signals)
    }
}

/// Hands a stop signal that arrives during the start-up to the daemon's stop handler once there is one.
private final class StopRelay: Sendable {
    /// The daemon's stop handler, set once the daemon is created.
    let handler = Locked<(@Sendable () -> Void)?>(nil)
}

/// Sets up swift-log once for the daemon: stderr, journald priority prefixes under systemd.
enum DaemonLogging {
    /// Bootstraps logging at the level the configuration asks for (default info) and returns the root logger.
    static func bootstrap(configPath: String) -> Logger {
        let level = (try? String(contentsOfFile: configPath, encoding: .utf8)).flatMap(Self.level(in:)) ?? .info
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: level) }
        return Logger(label: "vigie")
    }

    /// The `log_level` a configuration text sets, if it is a known level.
    private static func level(in source: String) -> Logger.Level? {
        for line in source.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] == "log_level" else { continue }
            return Logger.Level(rawValue: parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
        return nil
    }
}
