import Foundation

/// The daemon's sign of life in the state (one row): who runs, since when, and when it last said so.
///
/// The daemon writes it at start-up, after every cycle and at least every ``every`` seconds while idle, and marks
/// it stopped when it exits cleanly; `vigie status` reads it to tell whether the daemon runs.
public struct Heartbeat: Sendable, Equatable {
    /// The daemon's process id.
    public var pid: Int32
    /// The host it runs on (`gethostname`).
    public var host: String
    /// Its version.
    public var version: String
    /// When it started.
    public var started: Date
    /// When it last wrote this row.
    public var beat: Date
    /// How often it promises to write it, in seconds: a beat older than three times this means it is gone.
    public var every: TimeInterval
    /// When its last poll cycle ended, `nil` before the first.
    public var lastCycle: Date?
    /// When it stopped cleanly, `nil` while it runs (or when it was killed).
    public var stopped: Date?

    /// Creates a heartbeat.
    public init(
        pid: Int32, host: String, version: String, started: Date, beat: Date, every: TimeInterval,
        lastCycle: Date? = nil, stopped: Date? = nil
    ) {
        self.pid = pid
        self.host = host
        self.version = version
        self.started = started
        self.beat = beat
        self.every = every
        self.lastCycle = lastCycle
        self.stopped = stopped
    }

    /// Whether the daemon runs at `now`, as far as the row tells: not stopped, and a beat within three promised
    /// intervals (a clock set back counts as recent).
    public func isAlive(at now: Date) -> Bool {
        stopped == nil && now.timeIntervalSince(beat) <= 3 * every
    }
}
