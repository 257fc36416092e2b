import Testing
import VigieJSON

@testable import VigieWatch

/// What a match and an explanation show: snippet, JSON, near-miss wording.
@Suite struct MatchOutputTests {
    @Test func shortTextsAreTheirOwnSnippet() {
        #expect(
            Snippet.around("Meta and IBM launch the AI Alliance", start: 24, end: 35)
                == "Meta and IBM launch the AI Alliance")
    }

    @Test func longTextsAreCutAtWordsAroundTheTerm() {
        let words = (1...100).map { "word\($0)" }
        let text = words[0..<50].joined(separator: " ") + " AI Alliance " + words[50...].joined(separator: " ")
        let start = text.utf8.count - (" " + words[50...].joined(separator: " ")).utf8.count - "AI Alliance".utf8.count
        let snippet = Snippet.around(text, start: start, end: start + "AI Alliance".utf8.count)
        #expect(snippet.count <= 240)
        #expect(snippet.hasPrefix("…word"))
        #expect(snippet.hasSuffix("…"))
        #expect(snippet.contains(" word50 AI Alliance word51 "))
        // Whole words only: after the ellipsis comes a complete word, and before the closing one too.
        let inner = snippet.dropFirst().dropLast().split(separator: " ")
        #expect(inner.allSatisfy { $0 == "AI" || $0 == "Alliance" || words.contains(String($0)) })
        #expect(
            snippet
                == "…word35 word36 word37 word38 word39 word40 word41 word42 word43 word44 word45 word46 word47 word48 word49 word50 AI Alliance word51 word52 word53 word54 word55 word56 word57 word58 word59 word60 word61 word62 word63 word64 word65 word66…"
        )
    }

    @Test func aTermNearTheStartGivesTheRestToTheEnd() {
        let text = "IBM " + String(repeating: "and more ", count: 60)
        let snippet = Snippet.around(text, start: 0, end: 3)
        #expect(snippet.hasPrefix("IBM and more"))
        #expect(snippet.hasSuffix("…"))
        #expect(snippet.count <= 240)
        #expect(snippet.count > 230)
    }

    @Test func whiteSpaceRunsBecomeOneSpace() {
        #expect(
            Snippet.around("NUMÉRIQUE\n\n# IA : l'AI Alliance", start: 20, end: 31) == "NUMÉRIQUE # IA : l'AI Alliance")
    }

    @Test func theSnippetSurroundsTheStrongestTerm() throws {
        let long = String(repeating: "Filler words about nothing in particular. ", count: 12)
        let found = try #require(
            match(defaultMatcher, "ai-alliance", title: "Open models", summary: long + "The AI Alliance grows. " + long)
        )
        #expect(found.snippet.contains("The AI Alliance grows."))
        #expect(found.snippet.count <= 240)
        let titled = try #require(
            match(defaultMatcher, "ai-alliance", title: "AI Alliance news", summary: long + "AI Alliance"))
        #expect(titled.snippet == "AI Alliance news")
    }

    @Test func matchJSONHasItsKeysInOrder() {
        let found = Match(
            itemID: "d16", watch: "members", level: .notice, entities: ["Red Hat", "IBM"], terms: ["Red Hat", "IBM"],
            fields: [.title], score: 7, snippet: "Red Hat Enterprise Linux AI brings IBM's \"Granite\" models")
        #expect(
            found.json.serialized
                == #"{"item":"d16","watch":"members","level":"notice","entities":["Red Hat","IBM"],"terms":["Red Hat","IBM"],"fields":["title"],"score":7,"snippet":"Red Hat Enterprise Linux AI brings IBM's \"Granite\" models"}"#
        )
    }

    @Test func explanationsSayWhyNearMissesDidNotCount() {
        let summary = String(repeating: "word ", count: 40) + "about AI."
        #expect(
            nearMisses(defaultMatcher, "members", title: "Meta buys a company", summary: summary)
                == ["Meta found in title, no context term within 40 words"])
        #expect(
            nearMisses(defaultMatcher, "members", title: "Facebook buys a company")
                == ["Meta (as \"Facebook\") found in title, no context term within 40 words"])
        #expect(nearMisses(defaultMatcher, "ai-alliance", title: "Nothing here") == ["none of its phrases occurs"])
        let reports = defaultMatcher.explain(MatchableItem(id: "x", title: "IBM and the AI Alliance"))
        #expect(reports.map(\.watch) == ["ai-alliance", "members"])
        #expect(reports.map { $0.match != nil } == [true, true])
    }
}
