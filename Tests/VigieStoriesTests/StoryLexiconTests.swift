import Foundation
import Testing

@testable import VigieStories

/// Names of one thing in several languages become one term; the words of AI news in general are not distinctive.
@Suite struct StoryLexiconTests {
    private func concepts(_ text: String) -> Set<String> {
        StoryLexicon.concepts(in: StoryFingerprint.words(of: text))
    }

    @Test(arguments: [
        "UK approves the deal", "The U.K. government", "Reino Unido aprueba", "autorizzata dal Regno Unito",
        "autorisée par le Royaume-Uni", "l'autorité antitrust britannique", "Großbritannien",
    ])
    func theUnitedKingdomInEveryLanguage(_ text: String) {
        #expect(concepts(text).contains("uk"), "\(StoryFingerprint.words(of: text))")
    }

    @Test(arguments: [
        ("IBM's $6.4 billion acquisition of HashiCorp", "acquire"), ("adquisición de HashiCorp", "acquire"),
        ("aquisição da HashiCorp", "acquire"), ("le rachat de Silo AI", "acquire"), ("Übernahme von Silo", "acquire"),
        ("AMD acquiring Silo AI", "acquire"), ("Reino Unido aprueba", "approve"), ("è stata autorizzata", "approve"),
        ("a donné son feu vert", "approve"), ("Kartellamt genehmigt", "approve"), ("FTC probes IBM", "investigate"),
        ("FTC investigará", "investigate"), ("The Federal Trade Commission asked", "ftc"),
    ])
    func actionsAndRegulatorsInEveryLanguage(_ case: (text: String, concept: String)) {
        #expect(concepts(`case`.text).contains(`case`.concept), "\(concepts(`case`.text))")
    }

    @Test func aPhraseDoesNotSpanASentence() {
        #expect(!concepts("It is united. Kingdom come").contains("uk"))
        #expect(concepts("United Kingdom").contains("uk"))
    }

    @Test func wordsThatOnlyLookLikeAConceptAreNot() {
        #expect(concepts("He told us about it; a clear case of buyer's remorse").isEmpty)
    }

    @Test func theVocabularyOfAINewsIsNotDistinctive() {
        let fingerprint = StoryFingerprint(
            StoryItem(
                key: "k", title: "NASA and IBM release an open-source AI foundation model",
                summary: "The model applies artificial intelligence to Earth observation data.",
                date: Date(timeIntervalSince1970: 0)))
        #expect(fingerprint.terms.isSuperset(of: ["nasa", "ibm", "foundation", "earth", "observation"]))
        #expect(
            fingerprint.terms.isDisjoint(with: ["ai", "model", "open", "source", "artificial", "intelligence", "data"]))
    }
}
