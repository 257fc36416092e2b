import Foundation
import GRDB
import Testing

@testable import VigieStore

/// What the state keeps for the operator: the feeds' counters and health, the heartbeat, the kept item texts, and
/// a reader that opens the file without writing it.
@Suite struct CockpitStoreTests {
    let now = Date(timeIntervalSince1970: 1_765_000_000)

    func text(_ key: String, seen: Date, summary: String = "") -> ItemText {
        ItemText(
            articleKey: key, feedURL: "https://a.example/feed", id: key, title: "Title \(key)",
            link: "https://a.example/\(key)", summary: summary, content: nil, published: seen, seen: seen)
    }

    @Test func theFeedsCountersAndHealthAreSavedWithItsState() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let state = FeedState(
            url: "https://a.example/feed", lastNewItem: now, itemsSeen: 42, missedPolls: 3, missedStreak: 1,
            health: .stale, healthSince: now.addingTimeInterval(-60))
        try store.save(state)
        #expect(try store.feedState(url: state.url) == state)
    }

    @Test func itemTextsAreKeptWithTheirPollAndReadBackSinceAnInstant() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let feed = FeedState(url: "https://a.example/feed")
        let texts = (0..<4).map { text("k\($0)", seen: now.addingTimeInterval(Double($0) * 3600)) }
        _ = try store.commit(
            [FeedPollRecord(state: feed, items: [], alerts: [], texts: Array(texts.prefix(3)))], at: now)
        // A text already kept is not replaced (the first sighting's stays).
        var again = texts[0]
        again.title = "changed"
        _ = try store.commit([FeedPollRecord(state: feed, items: [], alerts: [], texts: [again, texts[3]])], at: now)
        #expect(try store.itemTexts(since: now).map(\.articleKey) == ["k0", "k1", "k2", "k3"])
        #expect(try store.itemTexts(since: now).first?.title == "Title k0")
        #expect(try store.itemTexts(since: now.addingTimeInterval(5000)).map(\.articleKey) == ["k2", "k3"])
        #expect(try store.itemTexts(since: now) == texts)
    }

    @Test func oldTextsAndThoseBeyondTheSizeBoundAreForgottenOldestFirst() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        let body = String(repeating: "x", count: 1000)
        let texts = (0..<10).map { text("k\($0)", seen: now.addingTimeInterval(Double($0) * 60), summary: body) }
        _ = try store.commit(
            [FeedPollRecord(state: FeedState(url: "https://a.example/feed"), items: [], alerts: [], texts: texts)],
            at: now)
        let size = texts[0].byteCount
        #expect(try store.itemTextTotals() == (items: 10, bytes: 10 * size))
        // Two older than the cutoff, then the oldest beyond five texts' worth of bytes.
        let forgotten = try store.forgetItemTexts(before: now.addingTimeInterval(120), maxBytes: 5 * size + 10)
        #expect(forgotten == 5)
        #expect(try store.itemTexts(since: .distantPast).map(\.articleKey) == ["k5", "k6", "k7", "k8", "k9"])
        #expect(try store.forgetItemTexts(before: .distantPast, maxBytes: .max) == 0)
    }

    @Test func theHeartbeatIsOneRowReadBackWhole() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        #expect(try store.heartbeat() == nil)
        var beat = Heartbeat(pid: 4242, host: "node1", version: "0.1.0", started: now, beat: now, every: 30)
        try store.beat(beat)
        beat.beat = now.addingTimeInterval(30)
        beat.lastCycle = now.addingTimeInterval(29)
        try store.beat(beat)
        #expect(try store.heartbeat() == beat)
        #expect(beat.isAlive(at: now.addingTimeInterval(100)))
        #expect(!beat.isAlive(at: now.addingTimeInterval(121)), "three missed beats: gone")
        beat.stopped = now.addingTimeInterval(31)
        #expect(!beat.isAlive(at: now.addingTimeInterval(31)), "stopped cleanly")
    }

    @Test func aReaderSeesTheWritersCommitsAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        let writer = try folder.store()
        try writer.save(FeedState(url: "https://a.example/feed", itemsSeen: 1))
        let reader = try StateStore(readingOnly: folder.file("state.sqlite"))
        #expect(try reader.feedState(url: "https://a.example/feed")?.itemsSeen == 1)
        try writer.save(FeedState(url: "https://a.example/feed", itemsSeen: 2))
        #expect(try reader.feedState(url: "https://a.example/feed")?.itemsSeen == 2)
        #expect(throws: StoreError.self) { try reader.save(FeedState(url: "https://b.example/feed")) }
        #expect(try writer.feedState(url: "https://b.example/feed") == nil)
    }

    @Test func aReaderNamesAMissingFileAndAnUnmigratedOne() throws {
        let folder = try TemporaryFolder()
        let missing = folder.file("state.sqlite")
        let absent = #expect(throws: StoreError.self) { try StateStore(readingOnly: missing) }
        #expect(absent?.code == .notFound && absent?.message.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing), "a reader creates nothing")
        do {
            let old = try DatabasePool(path: missing)
            try StateStore.migrator.migrate(old, upTo: "v4")
        }
        let tooOld = #expect(throws: StoreError.self) { try StateStore(readingOnly: missing) }
        #expect(tooOld?.code == .stateTooOld && tooOld?.message.contains("restart the daemon") == true)
        _ = try StateStore(path: missing)
        #expect(throws: Never.self) { try StateStore(readingOnly: missing) }
    }
}
