import Foundation
import VigieJSON
import VigieWatch

/// What `vigie match` prints: JSON lines, or a readable report of matches and, with `--explain`, near misses.
struct MatchReport {
    /// Whether to print JSON lines.
    var json: Bool
    /// How many matches were printed.
    private(set) var matchCount = 0
    private var matchedItems = 0

    /// Creates an empty report.
    init(json: Bool) {
        self.json = json
    }

    /// Prints the matches of one item.
    mutating func add(_ item: MatchableItem, matches: [Match]) {
        guard !matches.isEmpty else { return }
        matchedItems += 1
        matchCount += matches.count
        if json {
            var output: [UInt8] = []
            for match in matches {
                match.json.write(to: &output)
                output.append(UInt8(ascii: "\n"))
            }
            FileHandle.standardOutput.write(Data(output))
            return
        }
        var lines = [heading(item)]
        for match in matches { lines += describe(match) }
        print(lines.joined(separator: "\n"))
    }

    /// Prints what every watch made of one item.
    mutating func add(_ item: MatchableItem, reports: [WatchReport]) {
        let matches = reports.compactMap(\.match)
        if !matches.isEmpty { matchedItems += 1 }
        matchCount += matches.count
        var lines = [heading(item)]
        for report in reports {
            if let match = report.match {
                lines += describe(match)
            } else {
                lines.append("  no match: \(report.watch)")
            }
            if !report.nearMisses.isEmpty {
                lines.append(report.match == nil ? "    why not:" : "    also found, not counted:")
                lines += report.nearMisses.map { "      - \($0)" }
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// Prints the closing line of a readable report.
    func finish(itemCount: Int, single: Bool) {
        guard !json else { return }
        if single {
            if matchCount == 0 { print("no match") }
        } else {
            print("\(matchedItems) of \(itemCount) items matched (\(matchCount) matches)")
        }
    }

    private func heading(_ item: MatchableItem) -> String {
        let title = item.title ?? item.summary.map { String($0.prefix(80)) } ?? ""
        return "\(item.id): \(title)"
    }

    private func describe(_ match: Match) -> [String] {
        var lines = [
            "  MATCH \(match.watch) (\(match.level.rawValue), score \(match.score)) in "
                + match.fields.map(\.rawValue).joined(separator: ", ")
        ]
        if !match.entities.isEmpty { lines.append("    entities: " + match.entities.joined(separator: ", ")) }
        lines.append("    terms:    " + match.terms.map { "\"\($0)\"" }.joined(separator: ", "))
        lines.append("    snippet:  " + match.snippet)
        return lines
    }
}
