import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieFeeds
import VigieJSON
import VigieStories
import VigieWatch

/// `vigie stories`: the daemon's story clustering over feed files, for debugging and evaluation.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "Group the items of feed files into stories, as the daemon does.",
        discussion: """
            Items of all files are taken in order of their published (else updated) date, undated ones last in \
            file order, as if each arrived then, and each joins an open story (one whose latest item is within \
            --window) or opens one. An undated item has no time to keep it apart from any story: it is compared \
            with every story seen. With --watchlist only the items that fire a watch are clustered, and the \
            entities found count as shared words; without it every item is. --json prints one object per item: \
            {"file", "item", "story", "kind"} (kind: "story" for the item that opened its story, "coverage" for \
            the others). --explain says for each item which story it joined, or why it opened one.
            Exit status: 0; 65 when a file is not a feed, 66 when it cannot be read, 78 when a watchlist is \
            missing or invalid.
            """
    )

    @Flag(help: "Print one JSON object per item instead of a readable report.")
    var json = false

    @Option(help: "How long a story stays open after its latest item (default 72h).")
    var window = "72h"

    @Option(
        name: .customLong("watchlist"),
        help: "Cluster only the items that fire these watchlists (repeatable; file or glob).")
    var watchlists: [String] = []

    @Flag(help: "Say why each item joined or opened its story.")
    var explain = false

    @Option(help: ArgumentHelp("The shared-words score two items need to be one story (tuning).", visibility: .hidden))
    var coverageScore = StoryThresholds().coverageScore

    @Option(help: ArgumentHelp("The MinHash agreement two copies need (tuning).", visibility: .hidden))
    var copyAgreement = StoryThresholds().copyAgreement

    @Option(help: ArgumentHelp("The distinctive words two items must share (tuning).", visibility: .hidden))
    var minimumShared = StoryThresholds().minimumSharedTerms

    @Argument(help: "The feed files to read.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one feed file") }
        if ConfigValues.duration(window) == nil {
            throw ValidationError("--window \(window): not a duration; write it as 72h, 3d or 90m")
        }
        if explain && json { throw ValidationError("--explain prints a readable report; leave out --json") }
    }

    func run() throws {
        let matcher = watchlists.isEmpty ? nil : try WatchlistArguments.matcher { watchlists }
        var entries: [(file: String, item: FeedItem)] = []
        for file in files {
            for item in try InputFile.feed(file).items { entries.append((file, item)) }
        }
        let ordered = StoryReplay.arrivalOrder(entries.map { $0.item.published ?? $0.item.updated })
        var replay = StoryReplay(
            thresholds: StoryThresholds(
                window: ConfigValues.duration(window) ?? 72 * 3600, copyAgreement: copyAgreement,
                coverageScore: coverageScore, minimumSharedTerms: minimumShared))
        var counts = (items: 0, stories: 0)
        for index in ordered {
            let (file, item) = entries[index]
            var entities: [String] = []
            if let matcher {
                let matches = matcher.match(
                    MatchableItem(id: item.id, title: item.title, summary: item.summary, content: item.content))
                guard !matches.isEmpty else { continue }
                entities = Match.entities(of: matches)
            }
            let assignment = replay.assign(
                key: file + "\u{0}" + item.id, title: item.title, summary: item.summary ?? item.content,
                date: item.published ?? item.updated, entities: entities)
            counts.items += 1
            if assignment.kind == .story { counts.stories += 1 }
            if json {
                let object = JSONValue.object([
                    ("file", .string(file)), ("item", .string(item.id)), ("story", .string(assignment.story)),
                    ("kind", .string(assignment.kind.rawValue)),
                ])
                print(object.serialized)
            } else {
                print(
                    "\(assignment.story) \(assignment.kind.rawValue == "story" ? "story   " : "coverage") "
                        + "\(item.title ?? item.id)")
                if explain { print("    \(assignment.reason)") }
            }
        }
        if !json { print("\(counts.items) items, \(counts.stories) stories") }
    }
}
