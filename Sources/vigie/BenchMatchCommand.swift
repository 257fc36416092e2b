import ArgumentParser
import Foundation
import VigieConfig
import VigieFeeds
import VigieWatch

/// `vigie bench-match`: the matching benchmark behind `make bench-match` (hidden from help).
///
/// Parses the feed files first, then, for each phrase count, builds a watchlist of that many phrases (see
/// ``BenchWatchlist``) and compiles it; after one untimed warm-up pass, times only matching every item, in-process,
/// the sizes taking turns within each run; the best of `--runs` runs is reported, one JSON line per phrase count.
struct BenchMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-match",
        abstract: "Time the matcher over feed items with watchlists of growing size (for benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "How many times to match the whole set per size; the best run is reported.")
    var runs = 3

    @Option(help: "Comma-separated phrase counts to measure.")
    var phrases = "50,500,5000"

    @Option(help: "The watchlist whose real member names and context terms come first (default: the AI Alliance's).")
    var watchlist: String?

    @Argument(help: "Feed files whose items are matched.")
    var files: [String]

    func run() throws {
        let sizes = phrases.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty else { throw ValidationError("--phrases needs numbers such as 50,500,5000") }
        let real = try WatchlistLoader.load(paths: [try watchlist ?? MatchCommand.defaultWatchlist()])
        var items: [MatchableItem] = []
        var bytes = 0
        for path in files {
            let document = try InputFile.read(path)
            guard let feed = try? FeedParser().parse(document) else { continue }
            bytes += document.count
            items += feed.items.map {
                MatchableItem(id: $0.id, title: $0.title, summary: $0.summary, content: $0.content)
            }
        }
        let textBytes = items.reduce(0) { total, item in
            total + WatchField.allCases.reduce(0) { $0 + (item.text(of: $1)?.utf8.count ?? 0) }
        }
        let matchers = try sizes.map { try Matcher(watchlist: BenchWatchlist.make(phrases: $0, from: real)) }
        for item in items { _ = matchers[0].match(item) }  // warm-up: builds the normaliser's tables
        var best = [Double](repeating: .infinity, count: sizes.count)
        var matches = [Int](repeating: 0, count: sizes.count)
        for _ in 0..<max(runs, 1) {
            // Sizes take turns within each run, so that drift in the machine's speed hits them alike.
            for (index, matcher) in matchers.enumerated() {
                var count = 0
                let start = ContinuousClock.now
                for item in items { count += matcher.match(item).count }
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                best[index] = min(best[index], seconds)
                matches[index] = count
            }
        }
        for (index, matcher) in matchers.enumerated() {
            let line: [String] = [
                #""phrases":\#(matcher.phraseCount)"#, #""patterns":\#(matcher.patternCount)"#,
                #""items":\#(items.count)"#, #""text_bytes":\#(textBytes)"#, #""feed_bytes":\#(bytes)"#,
                #""seconds":\#(best[index])"#, #""items_per_second":\#(Double(items.count) / best[index])"#,
                #""matches":\#(matches[index])"#,
            ]
            print("{" + line.joined(separator: ",") + "}")
        }
    }
}
