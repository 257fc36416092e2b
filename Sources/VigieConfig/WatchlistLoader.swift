import Foundation
import VigieWatch

/// Reads watchlist files: the only part of VigieWatch that touches the file system.
///
/// Paths may be glob patterns (`Config/watchlists/*.toml`); the files are read in pattern order (each pattern's
/// matches sorted) and their watches merged into one ``Watchlist``.
public struct WatchlistLoader: Sendable {
    /// Creates a loader.
    public init() {}

    /// Reads and merges the watchlists at `paths`.
    ///
    /// - Throws: ``WatchlistError``: code `unreadable` for a missing or unreadable file, a pattern that matches
    ///   nothing, or a file that is not UTF-8; `duplicate-name` for a watch name already used by an earlier file;
    ///   and every error of ``Watchlist/parse(_:file:)``.
    public func load(_ paths: [String]) throws(WatchlistError) -> Watchlist {
        var watches: [Watch] = []
        var origins: [String: String] = [:]
        for pattern in paths {
            for file in try expand(pattern) {
                let source = try read(file)
                let watchlist = try Watchlist.parse(source, file: file)
                for (index, watch) in watchlist.watches.enumerated() {
                    if let earlier = origins[watch.name] {
                        let position = TOMLSourceMap(source).keyPosition([
                            .key("watch"), .index(index), .key("name"),
                        ])
                        throw WatchlistError(
                            code: .duplicateName, file: file, line: position?.line, column: position?.column,
                            reason: "a watch named `\(watch.name)` is already defined in \(earlier); rename one of them"
                        )
                    }
                    origins[watch.name] = file
                    watches.append(watch)
                }
            }
        }
        return Watchlist(watches: watches)
    }

    /// The files a path or glob pattern names.
    private func expand(_ pattern: String) throws(WatchlistError) -> [String] {
        guard pattern.contains(where: { "*?[".contains($0) }) else { return [pattern] }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0, result.gl_pathc > 0 else {
            throw WatchlistError(code: .unreadable, file: pattern, reason: "no watchlist file matches this pattern")
        }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    private func read(_ file: String) throws(WatchlistError) -> String {
        var info = stat()
        if stat(file, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "it is not a regular file"
            throw WatchlistError(code: .unreadable, file: file, reason: "cannot read the watchlist: \(kind)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
            throw WatchlistError(code: .unreadable, file: file, reason: "cannot read the watchlist: \(reason)")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw WatchlistError(code: .unreadable, file: file, reason: "the watchlist is not UTF-8 text")
        }
        return source
    }
}
