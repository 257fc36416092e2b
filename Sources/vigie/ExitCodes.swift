import ArgumentParser

/// The exit statuses of `vigie`, from sysexits(3) so scripts can tell failures apart.
enum ExitStatus {
    /// EX_DATAERR: the input is not a feed, or not recoverable.
    static let dataError = ExitCode(65)
    /// EX_NOINPUT: an input file is missing or unreadable.
    static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: a feed could not be fetched (failure, gone, or the server asks to wait).
    static let unavailable = ExitCode(69)
    /// EX_CONFIG: the configuration is invalid.
    static let configError = ExitCode(78)
}
