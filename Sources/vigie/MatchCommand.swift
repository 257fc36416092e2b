import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieFeeds
import VigieWatch

/// `vigie match`: run watchlists over a feed file or a text and show which watches fire, and with `--explain`
/// what was found but did not count.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match watchlists against a feed or a text and show what fires.",
        discussion: """
            Without --watchlist, the default Config/watchlists/ai-alliance.toml is used (looked for in the current \
            directory, then beside the executable's package). --json prints one JSON object per match (an item \
            matched by two watches gives two lines): item, watch, level, entities, terms, fields, score, snippet.
            Exit status: 0 when something matched, 1 when nothing did, 65 when the input is not a feed, 66 when it \
            cannot be read, 78 when a watchlist is missing or invalid (each problem as file:line:column: key: \
            message on stderr).
            """
    )

    @Option(
        name: .customLong("watchlist"),
        help: "A watchlist TOML file or glob pattern; repeat for several (default: the AI Alliance watchlist).")
    var watchlists: [String] = []

    @Flag(help: "Also say, per watch, what was found but did not count, and why.")
    var explain = false

    @Flag(help: "Print one JSON object per match instead of a readable report.")
    var json = false

    @Option(help: "Match this text (as an item's summary) instead of a feed.")
    var text: String?

    @Option(help: "With --text: a title to match too (titles weigh more in the score).")
    var title: String?

    @Argument(help: "The feed file to read, or - for standard input.")
    var file: String?

    func validate() throws {
        if (text == nil) == (file == nil) {
            throw ValidationError("give either --text \"…\" or a feed file (or - for standard input), not both")
        }
        if title != nil && text == nil { throw ValidationError("--title goes with --text") }
        if explain && json { throw ValidationError("--explain prints a readable report; leave out --json") }
    }

    func run() throws {
        let matcher = try WatchlistArguments.matcher {
            watchlists.isEmpty ? [try Self.defaultWatchlist()] : watchlists
        }
        let items = try readItems()
        var report = MatchReport(json: json)
        for item in items {
            if explain {
                report.add(item, reports: matcher.explain(item))
            } else {
                report.add(item, matches: matcher.match(item))
            }
        }
        report.finish(itemCount: items.count, single: text != nil)
        if report.matchCount == 0 { throw ExitStatus.noMatch.code }
    }

    /// The items to match: the text given, or the feed's items.
    private func readItems() throws -> [MatchableItem] {
        if let text { return [MatchableItem(id: "text", title: title, summary: text)] }
        return try InputFile.feed(file ?? "-").items.map {
            MatchableItem(id: $0.id, title: $0.title, summary: $0.summary, content: $0.content)
        }
    }

    /// The default watchlist: `Config/watchlists/ai-alliance.toml` in the current directory, else in the package
    /// the executable was built in (a few folders above `.build/…/vigie`), else `share/vigie/watchlists/` beside an
    /// installed `bin/vigie`.
    static func defaultWatchlist() throws(ConfigErrors) -> String {
        let relative = "Config/watchlists/ai-alliance.toml"
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = [URL(fileURLWithPath: relative)]
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent(relative))
        }
        candidates.append(
            executable.deletingLastPathComponent().appendingPathComponent("../share/vigie/watchlists/ai-alliance.toml"))
        let paths = candidates.map { $0.standardizedFileURL.path }
        for candidate in paths where FileManager.default.isReadableFile(atPath: candidate) {
            return candidate
        }
        throw ConfigErrors(errors: [
            ConfigError(
                code: .unreadable, file: relative,
                message: "no default watchlist found (looked in \(paths.joined(separator: ", "))); "
                    + "name one with --watchlist FILE")
        ])
    }
}
