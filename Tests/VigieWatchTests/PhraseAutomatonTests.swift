import Testing

@testable import VigieWatch

@Suite struct PhraseAutomatonTests {
    /// Every (pattern, end) the automaton reports for a text of space-separated tokens.
    private func occurrences(_ patterns: [String], in text: String) -> [String] {
        let automaton = PhraseAutomaton(patterns: patterns.map { $0.split(separator: " ").map(String.init) })
        let tokens = text.split(separator: " ").enumerated().map { index, word in
            NormalizedText.Token(text: String(word), start: index, end: index + 1, flags: [])
        }
        var found: [String] = []
        automaton.scan(automaton.tokenNumbers(tokens)) { pattern, end in found.append("\(patterns[pattern])@\(end)") }
        return found
    }

    @Test func findsOverlappingAndNestedPatterns() {
        // The classic he/she/his/hers example, over tokens.
        let patterns = ["he", "she", "his", "he rs"]
        #expect(occurrences(patterns, in: "us he rs she his") == ["he@1", "he rs@2", "she@3", "his@4"])
        let nested = ["ai alliance", "european ai alliance", "alliance", "ai"]
        #expect(
            occurrences(nested, in: "the european ai alliance and the ai alliance")
                == [
                    "ai@2", "european ai alliance@3", "ai alliance@3", "alliance@3", "ai@6", "ai alliance@7",
                    "alliance@7",
                ]
        )
    }

    @Test func followsFailureLinksAfterAPartialMatch() {
        // "a b c" fails at "d"; the automaton must still find "b c d" that started inside it.
        #expect(occurrences(["a b c e", "b c d"], in: "a b c d") == ["b c d@3"])
        #expect(occurrences(["a a b"], in: "a a a b") == ["a a b@3"])
    }

    @Test func unknownTokensResetTheAutomaton() {
        #expect(occurrences(["red hat"], in: "red blue hat red hat") == ["red hat@4"])
        #expect(occurrences(["red hat"], in: "nothing here") == [])
    }

    @Test func sharesPrefixesBetweenPatterns() {
        let automaton = PhraseAutomaton(patterns: [["ibm"], ["ibm", "research"], ["ibm", "cloud"]])
        #expect(automaton.stateCount == 4)  // root, ibm, ibm research, ibm cloud
        #expect(automaton.patternLengths == [1, 2, 2])
    }
}
