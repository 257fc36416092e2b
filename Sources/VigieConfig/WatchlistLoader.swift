import VigieWatch

/// Reads watchlist files into one ``Watchlist`` (see the README's watchlist reference for the format).
///
/// Paths may be glob patterns (`Config/watchlists/*.toml`); the files are read in pattern order (each pattern's
/// matches sorted) and their watches merged. Every problem of every file is reported, each as a ``ConfigError``
/// placed at its `file:line:column` and key (`watch[2].any[1]`).
public enum WatchlistLoader {
    /// Reads and merges the watchlists at `paths`.
    ///
    /// - Throws: ``ConfigErrors`` with every problem found: code `unreadable` for a missing or unreadable file, a
    ///   pattern that matches nothing, or a file that is not UTF-8; `duplicate-name` for a watch name already used
    ///   (in the same file or an earlier one); and every problem of ``parse(_:path:)``.
    public static func load(paths: [String]) throws(ConfigErrors) -> Watchlist {
        var files = WatchlistFiles()
        for pattern in paths { files.add(pattern: pattern) }
        return try files.watchlist()
    }

    /// Reads a watchlist from TOML text; `path` only names the source in errors.
    ///
    /// The smallest watchlist is `[[watch]]` / `name = "mine"` / `any = ["open weights", "Llama 3"]`; see
    /// ``VigieWatch/Watch`` for what each key means.
    ///
    /// - Throws: ``ConfigErrors`` with every problem of the text: invalid TOML (code `syntax`, placed by TOMLKit's
    ///   parser; nothing more is read after one), an unknown key (with a suggestion for a likely typo), a value of
    ///   the wrong type, an invalid value (an unknown level or field, an empty name, a phrase with no letter or digit
    ///   in it), a missing name, a duplicate watch name, and a query that does not parse (placed at the offending
    ///   character of the query).
    public static func parse(_ source: String, path: String) throws(ConfigErrors) -> Watchlist {
        var files = WatchlistFiles()
        files.add(source: source, file: path)
        return try files.watchlist()
    }
}
