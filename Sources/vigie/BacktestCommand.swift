import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieFeeds
import VigieJSON
import VigiePipeline
import VigieStore
import VigieWatch

/// `vigie backtest`: what a watchlist change would have caught, or stopped catching, among the items already seen.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Show what changed watchlists would add and drop among the items seen recently.",
        discussion: """
            The state keeps the text of every new item for [state] keep_text (default 30 days). backtest matches \
            those items with the current watchlists (the configuration's) and with the proposed ones, and prints \
            each (item, watch) that one fires and the other does not, grouped by watch. The watches of NEW \
            replace those of the same name and new names are added (what editing a watchlist and reloading does); \
            with --only, NEW is the whole proposed set. Reads the state read-only, beside a running daemon. Exit \
            status: 0; 64 for a bad --since; 78 when a watchlist or the configuration is invalid; 73 when the \
            state cannot be read.
            """
    )

    @Option(help: "The configuration file.")
    var config = Config.defaultPath

    @Option(name: .customLong("watchlist"), help: "A proposed watchlist file (repeat for several; globs allowed).")
    var watchlists: [String] = []

    @Flag(help: "NEW is the whole proposed set: watches it does not define are dropped.")
    var only = false

    @Option(help: "How far back: a duration (30d, 24h), a day (2026-12-01) or an RFC 3339 time.")
    var since = "30d"

    @Flag(help: #"One JSON object per changed (item, watch): {"change", "watch", "title", "link", "published"}."#)
    var json = false

    func validate() throws {
        if watchlists.isEmpty { throw ValidationError("give the proposed watchlists with --watchlist NEW.toml") }
    }

    func run() throws {
        guard let from = SinceArgument.instant(since, now: Date()) else {
            FileHandle.standardError.write(Data("vigie backtest: \(SinceArgument.problem(since))\n".utf8))
            throw ExitStatus.usage.code
        }
        let loaded: LoadedConfig
        do {
            loaded = try LoadedConfig.load(path: config)
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitStatus.configError.code
        }
        let changed: Watchlist
        do {
            changed = try WatchlistLoader.load(paths: watchlists)
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitStatus.configError.code
        }
        let proposed = only ? changed : Backtest.overlay(loaded.watchlist, with: changed)
        let items: [ItemText]
        do {
            let store = try StateStore(
                readingOnly: (loaded.config.stateDirectory as NSString).appendingPathComponent("state.sqlite"))
            items = try store.itemTexts(since: from)
        } catch {
            FileHandle.standardError.write(Data("vigie backtest: \(error)\n".utf8))
            throw ExitStatus.cannotCreate.code
        }
        let changes: [Backtest.Change]
        do {
            changes = try Backtest.changes(over: items, current: loaded.watchlist, proposed: proposed)
        } catch {
            FileHandle.standardError.write(Data("vigie backtest: \(error)\n".utf8))
            throw ExitStatus.configError.code
        }
        if json {
            for change in changes {
                print(
                    JSONValue.object([
                        ("change", .string(change.kind.rawValue)),
                        ("watch", .string(change.watch)),
                        ("title", .optional(change.item.title)),
                        ("link", .optional(change.item.link)),
                        ("published", .optional(change.item.published.map(DateParser.rfc3339))),
                    ]).serialized)
            }
            return
        }
        print(
            Self.table(
                changes, items: items.count, since: from, keepText: loaded.config.state.keepText,
                colours: Terminal.colours, width: Terminal.width),
            terminator: "")
    }

    /// The changes for people: per watch, a count line, then `+`/`-`, the item's date, title and link.
    static func table(
        _ changes: [Backtest.Change], items: Int, since: Date, keepText: Double, colours: Bool, width: Int
    ) -> String {
        var out = "\(items) items seen since \(DateParser.rfc3339(since))"
        out += keepText > 0 ? "\n" : " ([state] keep_text is off: no item text is kept)\n"
        if changes.isEmpty { return out + "no change: the proposed watchlists fire on the same items\n" }
        var watch: String?
        for change in changes {
            if change.watch != watch {
                watch = change.watch
                let added = changes.filter { $0.watch == change.watch && $0.kind == .added }.count
                let dropped = changes.filter { $0.watch == change.watch && $0.kind == .dropped }.count
                out += "\nwatch \(change.watch): \(added) added, \(dropped) dropped\n"
            }
            let sign = change.kind == .added ? "+" : "-"
            let day = String(DateParser.rfc3339(change.item.published ?? change.item.seen).prefix(10))
            let start = "  \(sign) \(day)  "
            let title = Terminal.cut(change.item.title ?? change.item.id, to: max(width - start.count - 2, 20))
            out += Terminal.paint(start + title, change.kind == .added ? 32 : 31, enabled: colours) + "\n"
            if let link = change.item.link { out += "      \(link)\n" }
        }
        return out
    }
}
