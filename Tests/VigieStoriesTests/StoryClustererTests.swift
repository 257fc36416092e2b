import Foundation
import Testing

@testable import VigieStories

/// The join-or-open decision on small, written cases (the real-world figures come from `make eval-stories`).
@Suite struct StoryClustererTests {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)

    private func item(_ key: String, _ title: String, _ summary: String, hours: Double = 0, entities: [String] = [])
        -> StoryItem
    {
        StoryItem(
            key: key, title: title, summary: summary, date: start.addingTimeInterval(hours * 3600), entities: entities)
    }

    private let launch = (
        "Meta and IBM launch the AI Alliance with more than 50 founding members",
        "The group, which includes AMD, Intel, Oracle, Hugging Face and Yale, will promote open and safe artificial "
            + "intelligence, the companies said on Tuesday."
    )

    @Test func aCopyJoinsTheStoryItsTextOpened() {
        var clusterer = StoryClusterer()
        let first = clusterer.assign(item("a", launch.0, launch.1))
        let copy = clusterer.assign(item("b", launch.0, launch.1 + " (Reuters)", hours: 2))
        #expect(first.kind == .story)
        #expect(first.story == StoryClusterer.storyID(openedBy: "a"))
        #expect(copy.kind == .coverage)
        #expect(copy.story == first.story)
        #expect(copy.reason.contains("copy"))
    }

    @Test func fingerprintsMadeBeforehandGiveTheSameAssignments() {
        let items = [
            item("a", launch.0, launch.1),
            item("b", launch.0, launch.1 + " (Reuters)", hours: 2),
            item("c", "IBM releases Granite 3.0 models", "IBM said the models are open under Apache 2.0.", hours: 3),
            item("d", "Meta, IBM form AI Alliance", "AMD, Intel and Hugging Face join Meta and IBM.", hours: 4),
        ]
        var plain = StoryClusterer()
        var prepared = StoryClusterer()
        for original in items {
            var withFingerprint = original
            withFingerprint.fingerprint = StoryFingerprint(original)
            #expect(plain.assign(original, tag: original.key) == prepared.assign(withFingerprint, tag: original.key))
        }
    }

    @Test func aRewriteNamingTheSameThingsJoins() {
        var clusterer = StoryClusterer()
        let first = clusterer.assign(item("a", launch.0, launch.1))
        let rewrite = clusterer.assign(
            item(
                "b", "Meta et IBM lancent l'AI Alliance avec AMD, Intel et Oracle",
                "Plus de 50 membres fondateurs, dont Hugging Face et Yale, pour une intelligence artificielle ouverte.",
                hours: 5))
        #expect(rewrite.kind == .coverage, "\(rewrite.reason)")
        #expect(rewrite.story == first.story)
    }

    @Test func anotherReleaseOfTheSameModelIsAnotherStory() {
        var clusterer = StoryClusterer()
        let two = clusterer.assign(
            item("a", "Meta releases Llama 2, its open large language model", "Meta and Microsoft open Llama 2 to all.")
        )
        let three = clusterer.assign(
            item("b", "Meta releases Llama 3, its open large language model", "Meta opens Llama 3 to all.", hours: 1))
        #expect(three.kind == .story)
        #expect(three.story != two.story)
        #expect(three.reason.contains("llama"), "\(three.reason)")
    }

    @Test func theSameCompanyInOtherNewsIsAnotherStory() {
        var clusterer = StoryClusterer()
        _ = clusterer.assign(
            item(
                "a", "AMD unveils the Instinct MI300X accelerator for generative AI",
                "The chip, with 192 GB of HBM3 memory, targets large language model training."))
        let results = clusterer.assign(
            item(
                "b", "AMD reports third-quarter revenue of $5.8 billion",
                "Data center revenue rose, the company said, as client sales recovered.", hours: 3))
        #expect(results.kind == .story)
    }

    @Test func storiesWordedAlikeAboutOtherOrganisationsStayApart() {
        var clusterer = StoryClusterer()
        let template = (
            "Company joins the AI Alliance to build open models",
            "The company said on Monday it will contribute open models, datasets and tools to the alliance."
        )
        let first = clusterer.assign(item("a", template.0, template.1, entities: ["Sony"]))
        let other = clusterer.assign(
            item("b", template.0, template.1, hours: 1, entities: ["Ai2 (Allen Institute for AI)"]))
        let same = clusterer.assign(item("c", template.0, template.1, hours: 2, entities: ["Sony", "Meta"]))
        #expect(other.kind == .story, "\(other.reason)")
        #expect(other.reason.contains("about Ai2 (Allen Institute for AI), not Sony"))
        #expect(same.story == first.story)
    }

    @Test func aStoryClosesAWindowAfterItsLatestItem() {
        var clusterer = StoryClusterer(thresholds: StoryThresholds(window: 72 * 3600))
        let first = clusterer.assign(item("a", launch.0, launch.1))
        let within = clusterer.assign(item("b", launch.0, launch.1, hours: 70))
        #expect(within.story == first.story)
        // 70 h + 72 h later than the latest item (b): closed.
        let after = clusterer.assign(item("c", launch.0, launch.1, hours: 70 + 73))
        #expect(after.kind == .story)
        #expect(clusterer.openStories == 1)
    }

    @Test func sharedEntitiesCountAcrossLanguages() {
        var clusterer = StoryClusterer()
        let first = clusterer.assign(
            item(
                "a", "University of Navarra opens a data science and AI institute",
                "The Datai institute will train researchers in machine learning.", entities: ["University of Navarra"]))
        let spanish = clusterer.assign(
            item(
                "b", "La Universidad de Navarra abre el instituto Datai",
                "El instituto de ciencia de datos e inteligencia artificial de Pamplona formará investigadores.",
                hours: 4,
                entities: ["University of Navarra"]))
        // Across languages the two share only names (the entity, Datai): they weigh against the names of each
        // text, not against the Spanish words the English text could never have.
        #expect(spanish.story == first.story, "\(spanish.reason)")
    }

    @Test func aTranslationJoinsThroughPlacesActionsNamesAndAmounts() {
        var clusterer = StoryClusterer()
        _ = clusterer.assign(item("x", launch.0, launch.1))
        let english = clusterer.assign(
            item(
                "a", "UK regulator approves Acme's $2.1 billion purchase of Widgetco",
                "The Competition and Markets Authority cleared the deal, which brings Widgetco's sensors into Acme's "
                    + "robotics unit."))
        let spanish = clusterer.assign(
            item(
                "b", "Reino Unido aprueba la compra de Widgetco por Acme por 2.100 millones de dólares",
                "La autoridad de competencia británica dio luz verde a la adquisición de Widgetco por Acme.", hours: 3))
        #expect(spanish.story == english.story, "\(spanish.reason)")
        #expect(spanish.reason.contains("concept:uk"), "\(spanish.reason)")
    }

    @Test func anotherStageOfTheSameDealInAnotherLanguageIsAnotherStory() {
        var clusterer = StoryClusterer()
        _ = clusterer.assign(item("x", launch.0, launch.1))
        let approval = clusterer.assign(
            item(
                "a", "UK regulator approves Acme's $2.1 billion purchase of Widgetco",
                "The Competition and Markets Authority cleared the deal, which brings Widgetco's sensors into Acme's "
                    + "robotics unit."))
        let probe = clusterer.assign(
            item(
                "b", "Les États-Unis enquêtent sur le rachat de Widgetco par Acme",
                "La Federal Trade Commission a demandé des informations sur l'opération, estimée à 2,1 milliards de "
                    + "dollars.", hours: 3))
        #expect(probe.kind == .story, "\(probe.reason)")
        #expect(probe.story != approval.story)
    }

    @Test func theLookupFindsTheStoryAmongManyOpenOnes() {
        var clusterer = StoryClusterer()
        for number in 0..<5_000 {
            _ = clusterer.assign(
                item("filler-\(number)", "Company\(number) ships product\(number)", "Widget\(number) goes on sale."))
        }
        let first = clusterer.assign(item("a", launch.0, launch.1))
        let copy = clusterer.assign(item("b", launch.0, launch.1, hours: 1))
        #expect(clusterer.openStories == 5_001)
        #expect(copy.story == first.story)
    }

    @Test func idsAreStable() {
        // FNV-1a 64 of the key, as Python computes it: `h = 0xcbf29ce484222325; h = (h ^ byte) * 0x100000001b3`.
        #expect(StoryClusterer.storyID(openedBy: "https://example.org/a") == "s4130e41a1ced2904")
    }
}

/// The fingerprint's words and version numbers.
@Suite struct StoryFingerprintTests {
    @Test func numbersStayWholeAndVersionsAreFound() {
        let fingerprint = StoryFingerprint(
            StoryItem(
                key: "k", title: "IBM ships Granite 3.0; Intel's Gaudi2 and StarCoder2 follow",
                summary: "Databricks pays $1,3 billion.", date: Date(timeIntervalSince1970: 0)))
        #expect(fingerprint.terms.isSuperset(of: ["ibm", "granite", "3", "gaudi2", "1.3", "databricks"]))  // 3.0 is 3
        #expect(!fingerprint.terms.contains("the"))
        #expect(fingerprint.versions["granite"] == ["3"])
        #expect(fingerprint.versions["gaudi"] == ["2"])
        #expect(fingerprint.versions["starcoder"] == ["2"])
    }
}

extension StoryFingerprintTests {
    @Test func aSizeOrAnAmountIsNotAVersion() {
        let fingerprint = StoryFingerprint(
            StoryItem(
                key: "k", title: "BigCode releases StarCoder 15.5B with 8K context",
                summary: "Databricks’ US$1.3 billion purchase; Gaudi 2 runs Llama 3.",
                date: Date(timeIntervalSince1970: 0)))
        #expect(fingerprint.versions["starcoder"] == nil)  // 15.5B parameters: a size
        #expect(fingerprint.versions["context"] == nil)
        #expect(fingerprint.versions["us"] == nil)  // US$1.3: an amount
        #expect(fingerprint.versions["gaudi"] == ["2"])
        #expect(fingerprint.versions["llama"] == ["3"])
        #expect(fingerprint.terms.isSuperset(of: ["15.5", "1.3", "8"]))
    }
}

/// A daemon's restart: the stories it had open are restored from what it recorded, and carry on.
@Suite struct StoryRestoreTests {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func aRestoredStoryTakesItsCoverageAsBefore() {
        let text = (
            "IBM completes its acquisition of HashiCorp for $6.4 billion",
            "The deal brings Terraform and Vault into IBM's hybrid cloud software, the companies said."
        )
        var first = StoryClusterer()
        let opened = first.assign(
            StoryItem(key: "a", title: text.0, summary: text.1, date: start), tag: "alert-a")
        let other = first.assign(
            StoryItem(key: "b", title: "Meta releases Llama 3", summary: "An open model.", date: start), tag: "alert-b")
        var restarted = StoryClusterer()
        restarted.restore(
            StoryItem(key: "a", title: text.0, summary: text.1, date: start), story: opened.story, kind: .story,
            tag: "alert-a")
        restarted.restore(
            StoryItem(key: "b", title: "Meta releases Llama 3", summary: "An open model.", date: start),
            story: other.story, kind: .story, tag: "alert-b")
        #expect(restarted.openStories == 2)
        let copy = restarted.assign(
            StoryItem(key: "c", title: text.0, summary: text.1, date: start.addingTimeInterval(600)), tag: "alert-c")
        #expect(copy.kind == .coverage)
        #expect(copy.story == opened.story)
        #expect(copy.openerTag == "alert-a")
    }
}
