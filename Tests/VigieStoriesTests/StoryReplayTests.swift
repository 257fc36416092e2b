import Foundation
import Testing

@testable import VigieStories

/// `vigie stories` over files: dated items as the daemon takes them, undated ones against every story seen.
@Suite struct StoryReplayTests {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let day: TimeInterval = 86_400
    private let launch = (
        "Meta and IBM launch the AI Alliance with more than 50 founding members",
        "The group, which includes AMD, Intel, Oracle, Hugging Face and Yale, will promote open and safe artificial "
            + "intelligence, the companies said on Tuesday."
    )
    private let other = (
        "Databricks buys MosaicML for $1.3 billion",
        "The startup's MPT models and training stack join the Lakehouse platform."
    )

    @Test func arrivalOrderIsByDateThenUndatedInTheirOrder() {
        let dates: [Date?] = [nil, start.addingTimeInterval(day), nil, start, start.addingTimeInterval(day)]
        #expect(StoryReplay.arrivalOrder(dates) == [3, 1, 4, 0, 2])
    }

    @Test func anUndatedItemIsComparedWithStoriesPastTheWindow() {
        var replay = StoryReplay()
        let first = replay.assign(key: "a", title: launch.0, summary: launch.1, date: start)
        _ = replay.assign(key: "b", title: other.0, summary: other.1, date: start.addingTimeInterval(30 * day))
        let undated = replay.assign(key: "c", title: launch.0, summary: launch.1 + " (AFP)", date: nil)
        #expect(undated.kind == .coverage, "\(undated.reason)")
        #expect(undated.story == first.story)
        let second = replay.assign(key: "d", title: other.0, summary: other.1, date: nil)
        #expect(second.kind == .coverage)
        #expect(second.story != first.story)
    }

    @Test func datedItemsKeepTheDaemonsWindow() {
        var replay = StoryReplay()
        let first = replay.assign(key: "a", title: launch.0, summary: launch.1, date: start)
        let late = replay.assign(key: "b", title: launch.0, summary: launch.1, date: start.addingTimeInterval(4 * day))
        #expect(late.kind == .story)
        #expect(late.story != first.story)
        // The undated copy joins one of the two: the story opened first, whose item it was compared with first.
        let undated = replay.assign(key: "c", title: launch.0, summary: launch.1, date: nil)
        #expect(undated.kind == .coverage)
    }
}
