import Foundation
import Testing

@testable import VigieStore

/// Committing a batch of polls: one transaction for every feed's state, items and alerts.
@Suite struct CommitTests {
    let feedA = "https://a.example/feed"
    let feedB = "https://b.example/feed"
    let feedC = "https://c.example/feed"

    /// A poll of `feed` that fetched a body at `date` carrying `keys`, with a new ETag.
    func fetched(
        _ feed: String, etag: String, keys: [String], alerts: [NewAlert] = [], at date: Date
    ) -> FeedPollRecord {
        FeedPollRecord(
            state: FeedState(
                url: feed, etag: etag, lastStatus: .ok, firstPolled: date, lastPolled: date, lastFetched: date),
            items: keys.map { SeenItem(articleKey: $0, feedURL: feed) },
            alerts: alerts
        )
    }

    @Test func aBatchSavesEveryStateItemAndAlertAndReturnsTheAlertsInOrder() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let a1 = makeAlert(key: "https://news.example/a1")
        let b1 = makeAlert(key: "https://news.example/b1")
        let b2 = makeAlert(watch: "ibm", key: "https://news.example/b2")
        let polls = [
            fetched(
                feedA, etag: "\"a\"", keys: ["https://news.example/a1", "https://news.example/a2"], alerts: [a1],
                at: date(0)),
            FeedPollRecord(
                state: FeedState(url: feedC, lastStatus: .notModified, lastPolled: date(0)), items: [],
                alerts: []),
            fetched(
                feedB, etag: "\"b\"", keys: ["https://news.example/b1", "https://news.example/b2"],
                alerts: [b1, b2], at: date(0)),
        ]
        let inserted = try store.commit(polls, at: date(0))
        #expect(inserted.map(\.alertID) == [a1.alertID, b1.alertID, b2.alertID])
        #expect(inserted.allSatisfy { $0.created == date(0) })
        #expect(try store.pendingAlerts() == inserted)
        #expect(try store.allFeedStates() == [polls[0].state, polls[2].state, polls[1].state])
        let keys = [
            "https://news.example/a1", "https://news.example/a2", "https://news.example/b1",
            "https://news.example/b2",
        ]
        #expect(try store.unseenKeys(keys).isEmpty)
        let row = try #require(try seenRow("https://news.example/b2", in: store))
        #expect(row.feedURL == feedB && row.firstSeen == date(0) && row.lastSeen == date(0))
    }

    @Test func aMalformedAlertInTheThirdPollLeavesNothingOfTheFirstTwo() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.save(FeedState(url: feedA, etag: "\"old\""))
        let bad = NewAlert(alertID: "bad", watch: "w", articleKey: "https://news.example/c1", line: #"{"watch":"w"}"#)
        let polls = [
            fetched(
                feedA, etag: "\"new\"", keys: ["https://news.example/a1"],
                alerts: [makeAlert(key: "https://news.example/a1")], at: date(0)),
            fetched(
                feedB, etag: "\"b\"", keys: ["https://news.example/b1"],
                alerts: [makeAlert(key: "https://news.example/b1")], at: date(0)),
            fetched(feedC, etag: "\"c\"", keys: ["https://news.example/c1"], alerts: [bad], at: date(0)),
        ]
        let error = try #require(throws: StoreError.self) { try store.commit(polls, at: date(0)) }
        #expect(error.code == .invalidAlert)
        #expect(try store.allFeedStates() == [FeedState(url: feedA, etag: "\"old\"")])
        #expect(try seenCount(store) == 0)
        #expect(try store.pendingAlerts().isEmpty)
    }

    @Test func aFailedWriteInTheLastPollRollsBackTheWholeBatch() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let first = makeAlert(key: "https://news.example/1")
        _ = try store.record(seen: [], alerts: [first])
        // Well formed, but its id is taken: the INSERT fails inside the transaction, after the first poll's writes.
        let reused = NewAlert(
            alertID: first.alertID, watch: "other", articleKey: "https://news.example/b1", line: first.line)
        let polls = [
            fetched(
                feedA, etag: "\"a\"", keys: ["https://news.example/a1"],
                alerts: [makeAlert(key: "https://news.example/a1")], at: date(0)),
            fetched(feedB, etag: "\"b\"", keys: ["https://news.example/b1"], alerts: [reused], at: date(0)),
        ]
        let error = try #require(throws: StoreError.self) { try store.commit(polls, at: date(0)) }
        #expect(error.code == .stateFailed)
        #expect(error.message.hasPrefix(store.path + ": cannot commit the polls of 2 feeds: "))
        #expect(try store.allFeedStates().isEmpty)
        #expect(try seenCount(store) == 0)
        #expect(try store.pendingAlerts().map(\.alertID) == [first.alertID])
    }

    @Test func oneAlertPerWatchAndArticleAcrossAndWithinBatches() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        let first = makeAlert(key: key, title: "first")
        let sameBatchOtherFeed = makeAlert(key: key, title: "same batch, other feed")
        let samePoll = makeAlert(key: key, title: "same poll")
        let otherWatch = makeAlert(watch: "ibm", key: key)
        let inserted = try store.commit(
            [
                fetched(feedA, etag: "\"a\"", keys: [key], alerts: [first, samePoll], at: date(0)),
                fetched(feedB, etag: "\"b\"", keys: [key], alerts: [sameBatchOtherFeed, otherWatch], at: date(0)),
            ],
            at: date(0)
        )
        #expect(inserted.map(\.alertID) == [first.alertID, otherWatch.alertID])
        let later = try store.commit(
            [
                fetched(
                    feedC, etag: "\"c\"", keys: [key],
                    alerts: [makeAlert(key: key), makeAlert(watch: "ibm", key: key)],
                    at: date(100))
            ],
            at: date(100)
        )
        #expect(later.isEmpty)
        // And across the two ways in.
        #expect(try store.record(seen: [], alerts: [makeAlert(key: key)]).isEmpty)
        #expect(try store.allAlertIDs() == [first.alertID, otherWatch.alertID])
    }

    @Test func aKnownItemIsRefreshedToThisFeedOnlyWhenLastSeenOverAnHourAgo() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        _ = try store.commit([fetched(feedA, etag: "\"1\"", keys: [key], at: date(0))], at: date(0))
        // Seen again 59 minutes later in another feed: left as it is.
        _ = try store.commit([fetched(feedB, etag: "\"1\"", keys: [key], at: date(3_540))], at: date(3_540))
        var row = try #require(try seenRow(key, in: store))
        #expect(row.feedURL == feedA && row.lastSeen == date(0))
        // Over an hour after its last sighting: refreshed, now tracked in the feed that carried it.
        _ = try store.commit([fetched(feedB, etag: "\"2\"", keys: [key], at: date(3_601))], at: date(3_601))
        row = try #require(try seenRow(key, in: store))
        #expect(row.feedURL == feedB && row.firstSeen == date(0) && row.lastSeen == date(3_601))
    }

    @Test func anItemIsSeenNoEarlierThanItsFetchWhenTheClockSteppedBack() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        _ = try store.commit([fetched(feedA, etag: "\"1\"", keys: [key], at: date(7_200))], at: date(0))
        let row = try #require(try seenRow(key, in: store))
        #expect(row.firstSeen == date(0) && row.lastSeen == date(7_200))
    }

    @Test func itemsAreRecordedInThePollsFeedWhateverTheirOwnFeedURL() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let poll = FeedPollRecord(
            state: FeedState(url: feedA, lastFetched: date(0)),
            items: [SeenItem(articleKey: "https://news.example/1", feedURL: "https://moved.example/feed")],
            alerts: []
        )
        _ = try store.commit([poll], at: date(0))
        #expect(try seenRow("https://news.example/1", in: store)?.feedURL == feedA)
    }

    @Test func recordStillKeepsAKnownItemsFeedAndDates() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        _ = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [], at: date(0))
        _ = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedB)], alerts: [], at: date(10 * 3_600))
        let row = try #require(try seenRow(key, in: store))
        #expect(row.feedURL == feedA && row.firstSeen == date(0) && row.lastSeen == date(0))
    }

    @Test func anEmptyBatchCommitsNothing() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        #expect(try store.commit([], at: date(0)).isEmpty)
        #expect(try store.allFeedStates().isEmpty)
    }
}
