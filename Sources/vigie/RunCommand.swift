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
        // Listen first, before any thread exists and before the start-up (configuration, state, reconciliation): a
        // SIGHUP or SIGUSR1 arriving meanwhile (logrotate's postrotate does not wait for READY=1) is queued and acted
        // on, instead of killing the process.
        let relay = StopRelay()
        let signals = once ? nil : SignalEvents(onStop: { relay.handler.withLock { $0 }?() })
        let (logger, level) = DaemonLogging.bootstrap()
        let daemon: Daemon
        do {
            daemon = try Daemon(configPath: config, logger: logger, logLevel: level)
        } catch {
            logger.critical("\(error.message)")
            throw error.status.code
        }
        if once {
            let summary = daemon.runOnce()
            if let storageError = summary.storageError {
                logger.error("alerts could not all be written: \(storageError)")
                throw ExitStatus.ioError.code
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
    /// Bootstraps logging at `info` and returns the root logger and the level every logger shares: the daemon sets
    /// it to the configuration's `log_level` once that is read, and again at every reload.
    static func bootstrap() -> (Logger, LogLevelControl) {
        let control = LogLevelControl(.info)
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, control: control) }
        return (Logger(label: "vigie"), control)
    }
}
