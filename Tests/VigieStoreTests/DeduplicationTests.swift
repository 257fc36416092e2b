import Foundation
import Testing

@testable import VigieStore

/// One alert per (watch, article), whatever feeds, batches and restarts bring.
@Suite struct DeduplicationTests {
    let feedA = "https://a.example/feed"
    let feedB = "https://b.example/feed"
    let key = "https://news.example/2023/12/ai-alliance"

    @Test func theSameStoryInTwoFeedsAlertsOnce() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let first = makeAlert(key: key)
        let inserted = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [first])
        #expect(inserted.map(\.alertID) == [first.alertID])
        let second = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedB)], alerts: [makeAlert(key: key)])
        #expect(second.isEmpty)
        #expect(try store.pendingAlerts().map(\.alertID) == [first.alertID])
        let feed = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT feed_url FROM seen_items") }
        #expect(feed == feedA)
    }

    @Test func twoAlertsForOneArticleInOneBatchKeepTheFirst() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let first = makeAlert(key: key, title: "first")
        let again = makeAlert(key: key, title: "again")
        let other = makeAlert(watch: "ibm", key: key)
        let inserted = try store.record(seen: [], alerts: [first, again, other])
        #expect(inserted.map(\.alertID) == [first.alertID, other.alertID])
    }

    @Test func aRestartNeverAlertsTwice() throws {
        let folder = try TemporaryFolder()
        let first = makeAlert(key: key)
        do {
            let store = try folder.store()
            _ = try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [first])
            try store.markWritten([first.alertID])
        }
        let store = try folder.store()
        #expect(try store.unseenKeys([key]).isEmpty)
        #expect(
            try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [makeAlert(key: key)]).isEmpty)
        #expect(try store.pendingAlerts().isEmpty)
        #expect(try store.allAlertIDs() == [first.alertID])
    }

    @Test func unseenKeysLeavesOutSeenOnesAndDuplicatesInBatchesOfAnySize() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let seen = (0..<1_200).map { "https://news.example/\($0)" }
        _ = try store.record(seen: seen.map { SeenItem(articleKey: $0, feedURL: feedA) }, alerts: [])
        let asked = (1_100..<1_300).map { "https://news.example/\($0)" } + ["https://news.example/1250"]
        #expect(try store.unseenKeys(asked) == Set((1_200..<1_300).map { "https://news.example/\($0)" }))
        #expect(try store.unseenKeys([]).isEmpty)
    }

    @Test func reusingAnAlertIDFailsAndRecordsNothing() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let first = makeAlert(key: key)
        _ = try store.record(seen: [], alerts: [first])
        let reused = NewAlert(
            alertID: first.alertID, watch: "ibm", articleKey: "https://other.example/",
            line: first.line)
        let error = try #require(throws: StoreError.self) {
            try store.record(seen: [SeenItem(articleKey: "https://other.example/", feedURL: feedA)], alerts: [reused])
        }
        #expect(error.code == .stateFailed)
        #expect(error.message.hasPrefix(store.path + ": cannot record seen items and alerts: "))
        #expect(try store.unseenKeys(["https://other.example/"]) == ["https://other.example/"])
    }

    @Test(arguments: [
        (#"{"alert_id":"other","watch":"w"}"#, "is not a JSON object whose"),
        (#"{"watch":"w"}"#, "is not a JSON object whose"),
        (#"{"alert_id":"ID","watch":"w""#, "is not a JSON object whose"),
        ("{\"alert_id\":\"ID\",\n\"watch\":\"w\"}", "contains a line break"),
        (#"["alert_id","ID"]"#, "is not a JSON object whose"),
    ])
    func aMalformedAlertIsRefusedAndNothingIsRecorded(line: String, reason: String) throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let good = makeAlert(key: "https://good.example/")
        let bad = NewAlert(alertID: "ID", watch: "w", articleKey: key, line: line)
        let error = try #require(throws: StoreError.self) {
            try store.record(seen: [SeenItem(articleKey: key, feedURL: feedA)], alerts: [good, bad])
        }
        #expect(error.code == .invalidAlert)
        #expect(error.message.contains(reason))
        #expect(try store.pendingAlerts().isEmpty)
        #expect(try store.unseenKeys([key]) == [key])
    }

    @Test func anAlertIDWithOtherCharactersIsRefused() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let bad = NewAlert(alertID: "a\"b", watch: "w", articleKey: key, line: #"{"alert_id":"a\"b"}"#)
        let error = try #require(throws: StoreError.self) { try store.record(seen: [], alerts: [bad]) }
        #expect(error.code == .invalidAlert)
        #expect(error.message.contains(#"must be letters, digits, '-' and '_' only"#))
    }
}
