import Foundation
import Testing

@testable import VigieStories

/// The event frame (what happened, where, for how much) and the names of an item, and the joins and conflicts they
/// decide when the wording of two items differs.
@Suite struct StoryFrameTests {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)

    private func item(_ key: String, _ title: String, _ summary: String, hours: Double = 0) -> StoryItem {
        StoryItem(key: key, title: title, summary: summary, date: start.addingTimeInterval(hours * 3600))
    }

    /// A clusterer with a few unrelated stories open, so that weights tell rare words from common ones.
    private func clusterer() -> StoryClusterer {
        var clusterer = StoryClusterer()
        let others = [
            ("Meta releases Llama 3, its open large language model", "Meta opens Llama 3 to researchers and firms."),
            ("AMD unveils the Instinct MI300X accelerator", "The chip, with 192 GB of memory, targets training."),
            ("Sony joins the AI Alliance", "The company will contribute datasets and tools to the alliance."),
            ("Nvidia reports record data center revenue", "Demand for its accelerators rose again, it said."),
        ]
        for (index, other) in others.enumerated() { _ = clusterer.assign(item("x\(index)", other.0, other.1)) }
        return clusterer
    }

    @Test func amountsAreNumbersWithAScaleOrACurrency() {
        let fingerprint = StoryFingerprint(
            item(
                "k", "Acme’s US$2.1 billion purchase of Widgetco; Gaudi 2 in 3 sizes",
                "The €665m deal, 6,4 miliardi di dollari, closes on 4 May with 15.5B parameters and 8K context."))
        #expect(fingerprint.amounts == ["2.1", "665", "6.4"], "\(fingerprint.amounts)")
        #expect(fingerprint.actions == ["acquire"])
    }

    @Test func aRewriteGivingTheSameDealAmountAndPartiesJoins() {
        var clusterer = clusterer()
        let first = clusterer.assign(
            item(
                "a", "Why Acme’s $2.1B Widgetco deal marks a bold bet on warehouse robots",
                "Acme’s $2.1 billion acquisition of Widgetco brings the startup’s sensors and its fleet software into "
                    + "the Acme cloud, a strategic push to automate logistics while emphasizing cost and control."))
        let rewrite = clusterer.assign(
            item(
                "b", "Acme’s US$2.1 billion purchase of Widgetco puts robot race in fast lane",
                "Running a warehouse will cost retailers ‘thousands of dollars, not millions’, under the giant’s "
                    + "vision.", hours: 5))
        #expect(rewrite.story == first.story, "\(rewrite.reason)")
        #expect(rewrite.reason.contains("same event: acquire"), "\(rewrite.reason)")
    }

    @Test func theSameDealAtAnotherStageIsAnotherStory() {
        var clusterer = clusterer()
        let lead =
            "The deal brings Widgetco’s sensors into Acme’s robotics unit; the companies expect it to close this year."
        _ = clusterer.assign(item("a", "Regulators probe Acme’s $2.1 billion takeover of Widgetco", lead))
        let approval = clusterer.assign(
            item("b", "Regulators approve Acme’s $2.1 billion takeover of Widgetco", lead, hours: 2))
        #expect(approval.kind == .story, "\(approval.reason)")
        #expect(approval.reason.contains("stage approve vs investigate"), "\(approval.reason)")
    }

    @Test func aRegulatorsReviewToldFromAnotherAngleJoins() {
        var clusterer = clusterer()
        let request = clusterer.assign(
            item(
                "a", "FTC asks for more information on Acme’s planned acquisition of Widgetco",
                "The Federal Trade Commission has made a second request about Acme’s plan to acquire the sensor "
                    + "maker Widgetco, according to a filing with the Securities and Exchange Commission on Friday, "
                    + "which delays closing by several months."))
        let angle = clusterer.assign(
            item(
                "b", "Acme/Widgetco regulatory scrutiny could focus on warehouse robots – lawyers",
                "The Federal Trade Commission’s focus on Acme’s acquisition of Widgetco could be on the overlap "
                    + "between its robot arms and Acme’s logistics subsidiary, two antitrust lawyers and a consultant "
                    + "said, pointing to grocery chains, parcel carriers and hospital suppliers that buy both.",
                hours: 6))
        #expect(angle.story == request.story, "\(angle.reason)")
        #expect(angle.reason.contains("in ftc"), "\(angle.reason)")
    }

    @Test func theSameDealInAnotherCountryIsAnotherStory() {
        var clusterer = clusterer()
        let us = clusterer.assign(
            item(
                "a", "FTC opens an investigation into Acme’s acquisition of Widgetco",
                "The Federal Trade Commission will look at the overlap between Widgetco’s robots and Acme’s unit."))
        let uk = clusterer.assign(
            item(
                "b", "Acme’s acquisition of Widgetco investigated by UK competition authority",
                "The U.K. government is investigating whether Acme’s acquisition of Widgetco will lessen competition.",
                hours: 3))
        #expect(uk.story != us.story, "\(uk.reason)")
    }

    @Test func namesAreToldByHowTheyAreWritten() {
        // Sentence case: capitals inside a sentence, and a first word followed by a name, are names.
        #expect(
            StoryFingerprint.names(of: "Intel, Samsung and TSMC form the Universal Chiplet group. Arm stays out")
                == ["intel", "samsung", "tsmc", "universal", "chiplet"])
        #expect(StoryFingerprint.names(of: "Red Hat limits access to its sources") == ["red", "hat"])
        // Title case: only the shape of a word (two capitals, a digit) says it is a name.
        #expect(
            StoryFingerprint.names(of: "Intel Restricts Access to Its Gaudi2 Chips for OpenAI") == ["gaudi2", "openai"])
        // German capitalises every noun.
        #expect(
            StoryFingerprint.names(of: "Die Quellen von RHEL sind nicht mehr öffentlich, sagt das Unternehmen")
                == ["rhel"])
    }

    @Test func aRewriteNamingTheSameOrganisationsJoins() {
        var clusterer = clusterer()
        let first = clusterer.assign(
            item(
                "a", "Intel, Samsung and TSMC launch the Universal Chiplet Interconnect group amid Arm dispute",
                "The fallout from Arm’s decision to make licensing of its chip designs costlier for Qualcomm and other "
                    + "licensees continues, as handset vendors weigh royalties, lawsuits and a possible move to RISC-V."
            ))
        let rewrite = clusterer.assign(
            item(
                "b", "TSMC, Samsung, Intel join forces to answer Arm’s new terms",
                "TSMC, Samsung and Intel have come together behind the Universal Chiplet Interconnect, promising "
                    + "phone makers, carmakers and server builders cheaper packaging, faster dies and fewer royalties.",
                hours: 4))
        #expect(rewrite.story == first.story, "\(rewrite.reason)")
        #expect(rewrite.reason.contains("the same names"), "\(rewrite.reason)")
    }

    @Test func sharingAFewCommonNamesIsNotEnough() {
        var clusterer = clusterer()
        let first = clusterer.assign(
            item(
                "a", "NASA and IBM release an open geospatial foundation model",
                "NASA and IBM Research openly released Prithvi for Earth observation, trained on satellite imagery."))
        let other = clusterer.assign(
            item(
                "b", "NASA and IBM apply a foundation model to weather and climate",
                "The model, built with NASA's Prithvi team, supports forecasting and public safety applications.",
                hours: 4))
        #expect(other.story != first.story, "\(other.reason)")
    }
}
