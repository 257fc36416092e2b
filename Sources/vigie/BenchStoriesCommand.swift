import ArgumentParser
import Foundation
import VigieFeeds
import VigieJSON
import VigieStories

/// `vigie bench-stories`: the story-clustering benchmark behind `make bench-stories` (hidden from help).
///
/// The measured items are real: the items of the feed files given (the labelled sets written as feeds), taken
/// round-robin and given fresh keys. For each count of open stories, a clusterer is first filled with that many
/// open stories whose texts are those same items with their distinctive words replaced by words no other story
/// has (so they are realistic in length and vocabulary, but none is a copy of a measured item), all within the
/// window; then `--items` measured items are assigned, one after the other, each time with a new clock value
/// inside the window. Reported per count, one JSON line: the fill time, the items per second of the measured
/// assignments, and the process's resident memory after the fill (`VmRSS`), beside the memory before any.
struct BenchStoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-stories",
        abstract: "Time story clustering with few and with many open stories (for benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "Comma-separated counts of open stories to measure.")
    var open = "100,100000"

    @Option(help: "How many items to assign and time at each count.")
    var items = 20_000

    @Flag(help: "Make every longer word of the open stories unique, not only their names (the worst case for memory).")
    var uniqueWords = false

    @Argument(help: "Feed files whose items are the measured texts.")
    var files: [String]

    func run() throws {
        let counts = open.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty else { throw ValidationError("--open needs numbers such as 100,100000") }
        var texts: [(title: String?, summary: String?)] = []
        for path in files {
            guard let feed = try? FeedParser().parse(try InputFile.read(path)) else { continue }
            texts += feed.items.map { ($0.title, $0.summary) }
        }
        guard !texts.isEmpty else { throw ValidationError("no item in the files given") }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let baseline = Self.residentKiB()
        for count in counts {
            var clusterer = StoryClusterer()
            let fillStart = ContinuousClock.now
            for number in 0..<count {
                let text = texts[number % texts.count]
                _ = clusterer.assign(
                    StoryItem(
                        key: "open-\(number)", title: Self.disguise(text.title, number, everyWord: uniqueWords),
                        summary: Self.disguise(text.summary, number, everyWord: uniqueWords),
                        date: start.addingTimeInterval(Double(number) * 1e-3)))
            }
            let fillSeconds = Self.seconds(ContinuousClock.now - fillStart)
            let resident = Self.residentKiB()
            var stories = 0
            let measured = ContinuousClock.now
            for number in 0..<items {
                let text = texts[number % texts.count]
                let assignment = clusterer.assign(
                    StoryItem(
                        key: "item-\(number)", title: text.title, summary: text.summary,
                        date: start.addingTimeInterval(Double(count) * 1e-3 + Double(number) * 1e-3)))
                if assignment.kind == .story { stories += 1 }
            }
            let seconds = Self.seconds(ContinuousClock.now - measured)
            print(
                JSONValue.object([
                    ("open_stories", .int(count)), ("fill_seconds", .double(fillSeconds)), ("items", .int(items)),
                    ("seconds", .double(seconds)), ("items_per_second", .double(Double(items) / seconds)),
                    ("stories_opened", .int(stories)), ("open_after", .int(clusterer.openStories)),
                    ("rss_kib", .int(resident)), ("rss_kib_before", .int(baseline)),
                ]).serialized)
        }
    }

    /// `text` with its names (words of four letters or more starting with a capital) suffixed with `number`, or
    /// with every word of four letters or more when `everyWord`: as long and shaped as the real text, about other
    /// organisations and products (the realistic case), or with a vocabulary of its own (the worst case for memory).
    private static func disguise(_ text: String?, _ number: Int, everyWord: Bool) -> String? {
        text.map { text in
            text.split(separator: " ").map { word in
                let named = word.count >= 4 && (everyWord || word.first?.isUppercase == true)
                return named ? "\(word)x\(number)" : String(word)
            }.joined(separator: " ")
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The process's resident set size in KiB, from `/proc/self/status`.
    private static func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
