import Foundation
import Testing
import VigieTestSupport

@testable import VigieWatch

/// Hostile text for the matcher (issue 6): huge and pathological items, each with an exact outcome and a generous
/// time bound (debug build, 2 cores). The measured times are printed and recorded in docs/RELIABILITY.md.
@Suite struct HostileTextTests {
    /// One watch for `IBM`, and one for the phrase `AI Alliance`.
    let ibm: Matcher

    init() throws {
        ibm = try matcher(
            """
            [[watch]]
            name = "ibm"
            any = ["IBM"]

            [[watch]]
            name = "alliance"
            any = ["AI Alliance"]
            """)
    }

    /// Matches and returns the matches and the time taken, printing the time for the reliability table.
    private func timed(_ label: String, _ item: MatchableItem) -> ([Match], Duration) {
        let start = ContinuousClock.now
        let matches = ibm.match(item)
        let elapsed = ContinuousClock.now - start
        print("hostile-text \(label): \(elapsed)")
        return (matches, elapsed)
    }

    /// The parser cuts every field at 1 MiB, so the most one item can bring is three fields of 1 MiB: here each is
    /// one keyword repeated (786,432 occurrences in all). 10 MB in a single field took 53 s in a debug build with the
    /// linear evaluation (docs/RELIABILITY.md); before it, hours.
    @Test func megabytesOfOneRepeatedKeywordInEveryField() throws {
        let field = String(repeating: "IBM ", count: (1 << 20) / 4)
        let (matches, elapsed) = timed(
            "3 x 1 MiB of IBM", MatchableItem(id: "k", title: field, summary: field, content: field))
        #expect(elapsed < CPUBudget.of(.seconds(40)), "took \(elapsed)")
        let match = try #require(matches.first)
        #expect(matches.map(\.watch) == ["ibm"])
        #expect(match.terms == ["IBM"])
        #expect(match.fields == [.title, .summary, .content])
        #expect(match.score == 3)
        #expect(match.snippet.count <= 240)
        #expect(match.snippet.hasPrefix("IBM IBM"))
    }

    @Test func aKeywordAndItsContextRepeatedOverOneMegabyte() throws {
        let context = try matcher(
            """
            [[watch]]
            name = "ctx"
            any = ["IBM"]
            context = ["AI"]
            context_window = 5
            """)
        let text = String(repeating: "IBM AI ", count: (1 << 20) / 7)
        let start = ContinuousClock.now
        let matches = context.match(MatchableItem(id: "c", content: text))
        let elapsed = ContinuousClock.now - start
        print("hostile-text 1 MB of IBM AI with context: \(elapsed)")
        #expect(matches.map(\.watch) == ["ctx"])
        #expect(matches.first?.terms == ["IBM"])
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
    }

    @Test func aMillionTinyTokens() throws {
        let letters = Array("abcdefghjklnopqrstuvwxyz")
        var text = ""
        text.reserveCapacity(2_000_000)
        for index in 0..<1_000_000 {
            text.append(letters[index % letters.count])
            text.append(" ")
        }
        let (none, elapsed) = timed("a million tokens", MatchableItem(id: "m", content: text))
        #expect(none.isEmpty)
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
        let (found, _) = timed(
            "a million tokens + IBM", MatchableItem(id: "m", title: "IBM", content: text + "AI Alliance"))
        #expect(found.map(\.watch) == ["ibm", "alliance"])
    }

    @Test func tokensOfOnlyPunctuationAndSeparators() throws {
        let text = String(repeating: ".,;:!?/-—()[]{}«»\"' \u{3000}\t\n", count: 200_000)
        let (matches, elapsed) = timed("4 MB of punctuation", MatchableItem(id: "p", content: text))
        #expect(matches.isEmpty)
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
    }

    @Test func combiningMarksAreStrippedLikeAccents() throws {
        // "Zalgo" text: each letter carries ten combining marks; accents are removed, so it is IBM.
        let marks = "\u{0301}\u{0300}\u{0302}\u{0303}\u{0308}\u{0327}\u{0328}\u{0331}\u{0336}\u{20DD}"
        let zalgo = "I" + marks + "B" + marks + "M" + marks + " joins the AI Alliance"
        #expect(firing(ibm, summary: zalgo) == ["ibm", "alliance"])
        // A million combining marks on one letter is one long word: bounded, and not IBM.
        let heavy = "I" + String(repeating: "\u{0301}", count: 1_000_000) + "BM"
        let (matches, elapsed) = timed("1M combining marks", MatchableItem(id: "c", content: heavy))
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
        #expect(matches.map(\.watch) == ["ibm"])
    }

    @Test func zeroWidthCharactersAreInvisible() throws {
        #expect(firing(ibm, summary: "I\u{200D}B\u{200D}M") == ["ibm"])
        // A zero-width space is a space (it separates words in Thai or Khmer text): "I" and "BM" are two words.
        #expect(firing(ibm, summary: "I\u{200B}BM").isEmpty)
        #expect(firing(ibm, summary: "I\u{00AD}BM") == ["ibm"])
        let joiners = String(repeating: "\u{200D}", count: 1_000_000)
        let (matches, elapsed) = timed("1M zero-width joiners", MatchableItem(id: "z", content: "I" + joiners + "BM"))
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
        #expect(matches.map(\.watch) == ["ibm"])
    }

    @Test func rightToLeftOverridesDoNotChangeTheLogicalText() throws {
        // U+202E shows "MBI" as "IBM" on screen, but the text is M, B, I: it is not IBM.
        #expect(firing(ibm, summary: "\u{202E}MBI\u{202C}").isEmpty)
        // The same controls around the real word do not hide it.
        #expect(firing(ibm, summary: "\u{202E}IBM\u{202C} and \u{2067}AI Alliance\u{2069}") == ["ibm", "alliance"])
        let controls = String(repeating: "\u{202E}\u{202D}\u{2066}\u{2069}", count: 250_000)
        let (matches, elapsed) = timed("1M bidi controls", MatchableItem(id: "r", content: controls + " IBM"))
        #expect(elapsed < CPUBudget.of(.seconds(20)), "took \(elapsed)")
        #expect(matches.map(\.watch) == ["ibm"])
    }

    @Test func homoglyphsAreDeliberatelyNotFolded() throws {
        // README: "Homoglyphs are not folded". Cyrillic І В М and Greek Ι Β Μ look like IBM and are not IBM.
        #expect(firing(ibm, summary: "\u{0406}\u{0412}\u{041C}").isEmpty)
        #expect(firing(ibm, summary: "\u{0399}\u{0392}\u{039C}").isEmpty)
        #expect(firing(ibm, summary: "I\u{0412}M").isEmpty)
        // Compatibility forms are folded by NFKC (not homoglyphs): fullwidth and mathematical letters are IBM.
        #expect(firing(ibm, summary: "\u{FF29}\u{FF22}\u{FF2D}") == ["ibm"])
        #expect(firing(ibm, summary: "\u{1D408}\u{1D401}\u{1D40C}") == ["ibm"])
    }
}
