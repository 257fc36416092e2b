/// A value of a watchlist that the matcher cannot use: which watch, which of its values, and why.
///
/// VigieWatch reads no files, so the error names the value by its place in the watchlist (watch 2's `any[1]`);
/// VigieConfig, which knows the file and line each watch came from, reports it as `file:line:column`.
public struct WatchlistError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The watch's index in the watchlist, from 0.
    public var watch: Int
    /// The value at fault, as a path inside the watch: `any[1]`, `entities[0].aliases[2]`, `query`.
    public var key: String
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(watch: Int, key: String, reason: String) {
        self.watch = watch
        self.key = key
        self.reason = reason
    }

    /// `watch[N].KEY: REASON`.
    public var description: String { "watch[\(watch)].\(key): \(reason)" }
}
