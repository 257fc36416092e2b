import Foundation
import Testing

@testable import VigieStore

/// Saving and reading feeds' states, as the scheduler does.
@Suite struct FeedStateTests {
    @Test func aSavedStateReadsBackEqual() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let state = FeedState(
            url: "https://example.org/feed.xml",
            currentURL: "https://www.example.org/feed.xml",
            etag: "\"abc\"",
            lastModified: "Wed, 06 Dec 2023 16:30:00 GMT",
            lastStatus: .throttled,
            lastError: "https://example.org/feed.xml: HTTP 429",
            consecutiveFailures: 3,
            nextPoll: date(900),
            firstPolled: date(0),
            lastPolled: date(60),
            lastFetched: date(30),
            gone: false
        )
        try store.save(state)
        #expect(try store.feedState(url: state.url) == state)
        #expect(try folder.store().feedState(url: state.url) == state)
    }

    @Test func aNewFeedNeedsOnlyItsURLAndReadsBackWithNils() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.save(FeedState(url: "https://example.org/new"))
        let state = try #require(try store.feedState(url: "https://example.org/new"))
        #expect(state == FeedState(url: "https://example.org/new"))
        #expect(state.firstPolled == nil && state.lastFetched == nil && state.lastStatus == nil)
        #expect(state.consecutiveFailures == 0)
    }

    @Test(arguments: FeedState.Status.allCases)
    func everyStatusIsStoredAsItsText(status: FeedState.Status) throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.save(FeedState(url: "https://example.org/feed", lastStatus: status))
        #expect(try store.feedState(url: "https://example.org/feed")?.lastStatus == status)
        let text = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT last_status FROM feeds") }
        #expect(text == status.rawValue)
    }

    @Test func savingAgainReplacesEveryField() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.save(
            FeedState(
                url: "https://example.org/feed", etag: "\"1\"", lastStatus: .failed,
                lastError: "boom", consecutiveFailures: 2, gone: false))
        let updated = FeedState(url: "https://example.org/feed", lastStatus: .gone, gone: true)
        try store.save(updated)
        #expect(try store.feedState(url: "https://example.org/feed") == updated)
        #expect(try store.allFeedStates().count == 1)
    }

    @Test func allStatesComeOrderedByURLAndAnUnknownFeedIsNil() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        for url in ["https://c.example/", "https://a.example/", "https://b.example/"] {
            try store.save(FeedState(url: url))
        }
        #expect(
            try store.allFeedStates().map(\.url) == ["https://a.example/", "https://b.example/", "https://c.example/"])
        #expect(try store.feedState(url: "https://d.example/") == nil)
    }

    @Test func datesAreKeptToTheMillisecond() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let precise = Date(timeIntervalSince1970: 1_704_067_200.123_456)
        try store.save(FeedState(url: "https://example.org/feed", nextPoll: precise))
        let read = try #require(try store.feedState(url: "https://example.org/feed")?.nextPoll)
        #expect(abs(read.timeIntervalSince1970 - 1_704_067_200.123) < 0.000_01)
    }
}
