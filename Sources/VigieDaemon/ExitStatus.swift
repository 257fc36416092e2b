/// The exit statuses of `vigie` and its daemon, from sysexits(3), so that scripts and systemd can tell failures
/// apart. The one place they are defined: no command exits with a literal.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// `vigie match` found nothing (as grep does: 0 means something matched); also ``someFeedFailing``.
    case noMatch = 1
    /// EX_USAGE: an option's value is not one the command takes.
    case usage = 64
    /// EX_DATAERR: the input is not a feed, or not recoverable.
    case dataError = 65
    /// EX_NOINPUT: an input file is missing or unreadable.
    case noInput = 66
    /// EX_UNAVAILABLE: a feed could not be fetched (failure, gone, or the server asks to wait).
    case unavailable = 69
    /// EX_CANTCREAT: the state or the alert log cannot be opened.
    case cannotCreate = 73
    /// EX_IOERR: alerts could not all be written (`vigie run --once`).
    case ioError = 74
    /// EX_CONFIG: the configuration is invalid.
    case configError = 78

    /// `vigie status`: some feed is failing (status 1, for monitoring scripts).
    public static let someFeedFailing = ExitStatus.noMatch
}
