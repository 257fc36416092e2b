import Foundation
import Testing
import VigieConfig

@testable import VigieWatch

/// Files the tests read, found from this source file's path: the repository's `Tests/Fixtures` and `Config`.
enum WatchFixtures {
    /// The repository's root.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The text of a file, by path from the repository's root.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: repository.appendingPathComponent(path), encoding: .utf8)
    }

    /// The shipped default watchlist, parsed.
    static func defaultWatchlist() throws -> Watchlist {
        try WatchlistLoader.parse(try text(defaultWatchlistPath), path: defaultWatchlistPath)
    }

    /// The shipped default watchlist's path from the repository's root.
    static let defaultWatchlistPath = "Config/watchlists/ai-alliance.toml"
}

/// The default watchlist's matcher, compiled once for all tests.
let defaultMatcher: Matcher = {
    do {
        return try Matcher(watchlist: try WatchFixtures.defaultWatchlist())
    } catch {
        fatalError("the default watchlist does not load: \(error)")
    }
}()

/// A matcher for a watchlist written inline.
func matcher(_ toml: String) throws -> Matcher {
    try Matcher(watchlist: try WatchlistLoader.parse(toml, path: "test.toml"))
}

/// The names of the watches that fire on a title and summary.
func firing(_ matcher: Matcher, title: String? = nil, summary: String? = nil, content: String? = nil) -> [String] {
    matcher.match(MatchableItem(id: "t", title: title, summary: summary, content: content)).map(\.watch)
}

/// The one match of watch `watch` on an item, if it fired.
func match(
    _ matcher: Matcher, _ watch: String, title: String? = nil, summary: String? = nil, content: String? = nil
) -> Match? {
    matcher.match(MatchableItem(id: "t", title: title, summary: summary, content: content)).first {
        $0.watch == watch
    }
}

/// The near misses of one watch on an item, as their descriptions.
func nearMisses(_ matcher: Matcher, _ watch: String, title: String? = nil, summary: String? = nil) -> [String] {
    let reports = matcher.explain(MatchableItem(id: "t", title: title, summary: summary))
    return reports.first { $0.watch == watch }?.nearMisses.map(\.description) ?? []
}

/// The tokens of a text with their flags, compactly: `+` after a token joined to the next, `|` before a token
/// after a break, `'s` after a possessive.
func describeTokens(_ text: String, foldsCase: Bool = true) -> String {
    TextNormalizer(foldsCase: foldsCase).tokenize(text).tokens.map { token in
        var shown = token.text
        if token.flags.contains(.breakBefore) { shown = "|" + shown }
        if token.flags.contains(.possessive) { shown += "'s" }
        if token.flags.contains(.joinedToNext) { shown += "+" }
        return shown
    }.joined(separator: " ")
}
