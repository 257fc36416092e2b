import ArgumentParser
import Foundation
import VigieFeeds

/// `vigie bench-parse`: the in-process parsing benchmark behind `make bench-parse` (hidden from help).
///
/// Reads every file first, then times only the parsing, so process start-up and disk do not count. Files that are
/// not feeds count too (the parser still reads them); the line reports how many failed.
struct BenchParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-parse",
        abstract: "Time the feed parser over files, in-process (for benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "How many times to parse the whole set; the best run is reported.")
    var runs = 3

    @Argument(help: "The files to parse.")
    var files: [String]

    func run() throws {
        let documents = try files.map { path in try InputFile.read(path) }
        let bytes = documents.reduce(0) { $0 + $1.count }
        let parser = FeedParser()
        var best = Double.infinity
        var failures = 0
        var items = 0
        for _ in 0..<max(runs, 1) {
            failures = 0
            items = 0
            let start = ContinuousClock.now
            for document in documents {
                do {
                    items += try parser.parse(document).items.count
                } catch {
                    failures += 1
                }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds)
        }
        print(
            #"{"files":\#(documents.count),"bytes":\#(bytes),"seconds":\#(best),"items":\#(items),"failures":\#(failures)}"#
        )
    }
}
