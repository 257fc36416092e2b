import Logging
import VigieSync

/// One log level shared by every logger made from a bootstrap, so that setting it (on reload) changes them all.
///
/// A `Logger` is a value and each copy keeps its handler's level; ``StderrLogHandler`` instead reads and writes the
/// level here, so every logger and handler copy made with the same control follows ``level`` at once, and setting
/// `logger.logLevel` on any of them sets it for all.
public final class LogLevelControl: Sendable {
    private let current: Locked<Logger.Level>

    /// A control starting at `level`.
    public init(_ level: Logger.Level = .info) {
        current = Locked(level)
    }

    /// The level at and above which messages are written, for every logger using this control.
    public var level: Logger.Level {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
