import Foundation
import Testing

@testable import VigieWatch

/// The shipped `Config/watchlists/ai-alliance.toml` against the reference lists and the labelled dev set.
@Suite struct DefaultWatchlistTests {
    /// The rows of a TSV fixture (comment lines skipped), as dictionaries by column name.
    private func rows(_ path: String) throws -> [[String: String]] {
        let lines = try WatchFixtures.text(path).split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells + Array(repeating: "", count: header.count)))
        }
    }

    @Test func hasTheTwoWatchesTheIssueNames() throws {
        let watchlist = try WatchFixtures.defaultWatchlist()
        #expect(watchlist.watches.map(\.name) == ["ai-alliance", "members"])
        #expect(watchlist.watches.map(\.level) == [.alert, .notice])
    }

    @Test func everyMemberIsAnEntityUnderItsCanonicalName() throws {
        let members = try rows("Tests/Fixtures/eval/members.tsv").compactMap { $0["name"] }
        let watchlist = try WatchFixtures.defaultWatchlist()
        let entities = try #require(watchlist.watches.first { $0.name == "members" }).entities.map(\.name)
        #expect(members.count == 87)
        #expect(entities.sorted() == members.sorted())
    }

    @Test func theSeedArticleAlertsOnTheAllianceAndNamesItsMembers() throws {
        let article = try WatchFixtures.text("Tests/Fixtures/seed/la-tribune-ai-alliance.txt")
        let title =
            "IA générative : Meta et IBM lancent l'AI Alliance, une riposte économique et éthique à Microsoft et Google"
        let matches = defaultMatcher.match(MatchableItem(id: "seed", title: title, content: article))
        #expect(matches.map(\.watch) == ["ai-alliance", "members"])
        // Its name, and the description the article goes on with ("l'alliance", with Meta and IBM near).
        #expect(matches.first?.terms == ["l'AI Alliance", "alliance"])
        #expect(matches.first?.snippet == title)
        // Every organisation the article names the way French news does, except "Tokyo" (the city's name alone).
        #expect(
            matches.last?.entities == [
                "Meta", "IBM", "Intel", "Oracle", "Harvard University", "UC Berkeley", "Linux Foundation", "CERN",
                "Cornell University", "Yale University", "AMD", "Dell Technologies", "Hugging Face", "Red Hat", "Sony",
                "NASA",
            ])
    }

    @Test func everyDevSetItemGetsItsLabelledOutcome() throws {
        for row in try rows("Tests/Fixtures/eval/detection-dev.tsv") {
            let item = MatchableItem(id: row["id"]!, title: row["title"], summary: row["summary"])
            let matches = defaultMatcher.match(item)
            let expected = (row["entities"] ?? "").split(separator: ",").map(String.init)
            switch row["label"] {
            case "alliance":
                #expect(matches.contains { $0.watch == "ai-alliance" }, "\(item.id)")
            case "member":
                let named = matches.first { $0.watch == "members" }?.entities ?? []
                #expect(Set(expected).isSubset(of: Set(named)), "\(item.id): \(named)")
            default:
                #expect(matches.isEmpty, "\(item.id): \(matches.map(\.watch))")
            }
        }
    }
}
