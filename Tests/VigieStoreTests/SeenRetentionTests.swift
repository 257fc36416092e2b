import Foundation
import Testing

@testable import VigieStore

/// Forgetting seen items: only those their feed dropped (or of feeds gone from the config), never one still served.
@Suite struct SeenRetentionTests {
    let feedA = "https://a.example/feed"
    let feedB = "https://b.example/feed"
    let retention = StateStore.defaultSeenRetention

    /// A poll of `feed` at `date` that fetched a body carrying `keys`.
    func fetched(_ feed: String, keys: [String], at date: Date, alerts: [NewAlert] = []) -> FeedPollRecord {
        FeedPollRecord(
            state: FeedState(url: feed, lastStatus: .ok, firstPolled: date, lastPolled: date, lastFetched: date),
            items: keys.map { SeenItem(articleKey: $0, feedURL: feed) },
            alerts: alerts
        )
    }

    /// A poll of `feed` at `date` answered 304: the state of `previous` with a new poll date, nothing else.
    func notModified(_ previous: FeedPollRecord, at date: Date) -> FeedPollRecord {
        var state = previous.state
        state.lastStatus = .notModified
        state.lastPolled = date
        return FeedPollRecord(state: state, items: [], alerts: [])
    }

    @Test func theDaemonsDefaultRetentionIs90Days() {
        #expect(StateStore.defaultSeenRetention == 90 * 24 * hour)
    }

    @Test func anItemTheFeedDroppedIsForgottenOnceTheRetentionHasPassed() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let (kept, dropped) = ("https://news.example/kept", "https://news.example/dropped")
        _ = try store.commit([fetched(feedA, keys: [kept, dropped], at: date(0))], at: date(0))
        let later = date(0).addingTimeInterval(2 * hour)
        _ = try store.commit([fetched(feedA, keys: [kept], at: later)], at: later)
        // Not yet: it was last seen at the cutoff, not before it.
        #expect(try store.forgetSeenItems(notSeenSince: date(0), configuredFeeds: [feedA]) == 0)
        let now = date(0).addingTimeInterval(retention + hour)
        #expect(
            try store.forgetSeenItems(notSeenSince: now.addingTimeInterval(-retention), configuredFeeds: [feedA]) == 1)
        #expect(try store.unseenKeys([kept, dropped]) == [dropped])
        // The item of the last body stays, however old its sighting.
        #expect(
            try store.forgetSeenItems(notSeenSince: date(0).addingTimeInterval(1_000 * hour), configuredFeeds: [feedA])
                == 0)
    }

    @Test func anItemOfAFeedAnswering304ForMonthsIsNeverForgotten() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/evergreen"
        let first = fetched(feedA, keys: [key], at: date(0))
        _ = try store.commit([first], at: date(0))
        for day in stride(from: 5, through: 365, by: 5) {
            let now = date(0).addingTimeInterval(TimeInterval(day) * 24 * hour)
            _ = try store.commit([notModified(first, at: now)], at: now)
            #expect(
                try store.forgetSeenItems(notSeenSince: now.addingTimeInterval(-retention), configuredFeeds: [feedA])
                    == 0)
        }
        #expect(try store.unseenKeys([key]).isEmpty)
    }

    @Test func aRefreshSkippedWithinTheHourDoesNotLetA304FeedForgetItsItem() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        _ = try store.commit([fetched(feedA, keys: [key], at: date(0))], at: date(0))
        // The last body carries it 59 minutes later; its sighting is left at date(0), the fetch is at 59 minutes.
        let last = fetched(feedA, keys: [key], at: date(3_540))
        _ = try store.commit([last], at: date(3_540))
        #expect(try seenRow(key, in: store)?.lastSeen == date(0))
        let now = date(0).addingTimeInterval(retention + 30 * 60)
        _ = try store.commit([notModified(last, at: now)], at: now)
        #expect(
            try store.forgetSeenItems(notSeenSince: now.addingTimeInterval(-retention), configuredFeeds: [feedA]) == 0)
        #expect(try store.unseenKeys([key]).isEmpty)
    }

    @Test func aFeedWithNoFetchRecordedKeepsItsItems() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        // As a v1 daemon left it: the item recorded, the state saved, no last fetch.
        _ = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [], at: date(0))
        try store.save(FeedState(url: feedA, lastStatus: .ok, lastPolled: date(0)))
        #expect(
            try store.forgetSeenItems(notSeenSince: date(0).addingTimeInterval(1_000 * hour), configuredFeeds: [feedA])
                == 0)
    }

    @Test func itemsOfAFeedNoLongerConfiguredOrWithoutStateAreForgottenAfterTheRetention() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let (removed, stateless, recent) = (
            "https://news.example/1", "https://news.example/2", "https://news.example/3"
        )
        _ = try store.commit([fetched(feedA, keys: [removed], at: date(0))], at: date(0))
        _ = try store.record(seen: [SeenItem(articleKey: stateless, feedURL: feedB)], alerts: [], at: date(0))
        let cutoff = date(0).addingTimeInterval(hour)
        _ = try store.record(seen: [SeenItem(articleKey: recent, feedURL: feedB)], alerts: [], at: cutoff)
        #expect(try store.forgetSeenItems(notSeenSince: cutoff, configuredFeeds: [feedB]) == 2)
        #expect(try store.unseenKeys([removed, stateless, recent]) == [removed, stateless])
    }

    @Test func aForgottenItemNeverAlertsTheSameWatchAgain() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/story"
        _ = try store.commit([fetched(feedA, keys: [key], at: date(0), alerts: [makeAlert(key: key)])], at: date(0))
        #expect(try store.forgetSeenItems(notSeenSince: date(10), configuredFeeds: []) == 1)
        let again = date(0).addingTimeInterval(retention)
        #expect(
            try store.commit([fetched(feedA, keys: [key], at: again, alerts: [makeAlert(key: key)])], at: again).isEmpty
        )
    }

    /// The documented edge case: an article is tracked in the feed it was last seen in.
    @Test func anArticleOfTwoFeedsIsForgottenWhenTheFeedLastCarryingItDropsIt() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let key = "https://news.example/shared"
        let fromB = fetched(feedB, keys: [key], at: date(0))
        _ = try store.commit([fromB], at: date(0))
        let t1 = date(0).addingTimeInterval(2 * hour)
        _ = try store.commit([fetched(feedA, keys: [key], at: t1)], at: t1)
        let t2 = t1.addingTimeInterval(2 * hour)
        _ = try store.commit([fetched(feedA, keys: [], at: t2), notModified(fromB, at: t2)], at: t2)
        let now = t1.addingTimeInterval(retention + hour)
        #expect(
            try store.forgetSeenItems(
                notSeenSince: now.addingTimeInterval(-retention), configuredFeeds: [feedA, feedB]) == 1)
        // When B next sends a body, the article counts as new.
        #expect(try store.unseenKeys([key]) == [key])
    }

    @Test func deletingTheStatesOfFeedsNoLongerConfigured() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        for url in ["https://c.example/", "https://a.example/", "https://b.example/"] {
            try store.save(FeedState(url: url))
        }
        #expect(
            try store.deleteFeedStates(notIn: ["https://a.example/", "https://c.example/", "https://d.example/"]) == 1)
        #expect(try store.allFeedStates().map(\.url) == ["https://a.example/", "https://c.example/"])
        #expect(try store.deleteFeedStates(notIn: ["https://a.example/", "https://c.example/"]) == 0)
        #expect(try store.deleteFeedStates(notIn: []) == 2)
        #expect(try store.allFeedStates().isEmpty)
    }

    /// Feed A's window of 20 items slides by 2 every cycle (an hour) for 500 cycles, with a pruning every 24 cycles
    /// and a 7-day retention; feed B answers 304 from its second poll on.
    ///
    /// The bound: at a pruning at time P, A's items last seen before P − 168 h are forgotten (A was fetched at P,
    /// well over an hour after), and an item last appearing at cycle L was last seen at L or an hour before (the
    /// refresh is skipped within the hour). So what survives is at most what appeared in the 169 cycles from
    /// P − 168 h to P: the window then, 20 items, and 2 new items per cycle since, 336. Up to the next pruning, 24
    /// more cycles bring 48 more. A never holds more than 20 + 2 × (168 + 24) = 404 rows, B its 20: 424 in all,
    /// against 1,038 without pruning.
    @Test func seenItemsStayBoundedOverManyCyclesAndNoItemStillServedIsForgotten() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let (cycles, window, slide, pruneEvery) = (500, 20, 2, 24)
        let retentionCycles = 7 * 24
        let retention = TimeInterval(retentionCycles) * hour
        let bound = window + slide * (retentionCycles + pruneEvery) + window
        let keyA = { (index: Int) in "https://a.example/item/\(index)" }
        let keysB = (0..<window).map { "https://b.example/item/\($0)" }
        var pollB = fetched(feedB, keys: keysB, at: date(0))
        var peak = 0
        for cycle in 0..<cycles {
            let now = date(0).addingTimeInterval(TimeInterval(cycle) * hour)
            let keysA = (slide * cycle..<slide * cycle + window).map(keyA)
            // What the daemon would match: only the items that entered the window this cycle.
            let expectedNew = cycle == 0 ? Set(keysA) : Set(keysA.suffix(slide))
            #expect(try store.unseenKeys(keysA) == expectedNew, "cycle \(cycle)")
            if cycle > 0 { pollB = notModified(pollB, at: now) }
            _ = try store.commit([fetched(feedA, keys: keysA, at: now), pollB], at: now)
            peak = max(peak, try seenCount(store))
            if cycle % pruneEvery == pruneEvery - 1 {
                let cutoff = now.addingTimeInterval(-retention)
                _ = try store.forgetSeenItems(notSeenSince: cutoff, configuredFeeds: [feedA, feedB])
                // An item last in the window at cycle L was last seen at L or L - 1: kept while that is at or after
                // the cutoff, cycle - 168, forgotten once both are before it.
                let all = 0..<slide * cycle + window
                let unseen = try store.unseenKeys(all.map(keyA))
                let forgotten = Set(all.filter { unseen.contains(keyA($0)) })
                let lastInWindow = { (index: Int) in index / slide }
                #expect(forgotten.allSatisfy { lastInWindow($0) <= cycle - retentionCycles }, "cycle \(cycle)")
                let overdue = all.filter { lastInWindow($0) < cycle - retentionCycles }
                #expect(forgotten.isSuperset(of: overdue), "cycle \(cycle)")
            }
            #expect(try store.unseenKeys(keysA + keysB).isEmpty, "cycle \(cycle)")
            #expect(try seenCount(store) <= bound, "cycle \(cycle)")
        }
        // The bound is met, not just loosely: the retention keeps what it promises.
        #expect(peak > bound - 2 * slide)
        #expect(peak <= bound)
        #expect(try store.feedState(url: feedB)?.lastFetched == date(0))
    }
}
