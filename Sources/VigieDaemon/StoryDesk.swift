import Foundation
import Logging
import VigieStore
import VigieStories
import VigieSync

/// The daemon's stories: one ``StoryClusterer`` for the whole run, fed every alerted article in arrival order on
/// the daemon thread, and rebuilt from the state whenever memory may be ahead of it (start-up, a failed commit, a
/// new window on reload), so that what the log says and what the clusterer knows never part.
final class StoryDesk {
    private(set) var clusterer: StoryClusterer
    private let window: TimeInterval

    /// A desk with the open stories of the state: every article recorded in the last `window` before `now`,
    /// restored where it went.
    init(store: StateStore, window: TimeInterval, now: Date, logger: Logger) throws {
        self.window = window
        clusterer = StoryClusterer(thresholds: StoryThresholds(window: window))
        try rebuild(store: store, now: now, logger: logger)
    }

    /// The assignment of one alerted article (``FeedProcessor/StoryAssigner``).
    func assign(_ item: StoryItem, alertID: String) -> StoryAssignment {
        clusterer.assign(item, tag: alertID)
    }

    /// Forgets what memory holds and restores the open stories of the state.
    func rebuild(store: StateStore, now: Date, logger: Logger) throws {
        var fresh = StoryClusterer(thresholds: StoryThresholds(window: window))
        let records = try store.storyRecords(since: now.addingTimeInterval(-window))
        // A thousand at a time: fingerprints made on every core, without holding every record's at once.
        for start in stride(from: 0, to: records.count, by: 1_024) {
            let chunk = records[start..<min(start + 1_024, records.count)]
            let items = Self.fingerprinted(
                chunk.map { record in
                    StoryItem(
                        key: record.articleKey, title: record.title, summary: record.summary, date: record.arrived,
                        entities: record.entities)
                })
            for (record, item) in zip(chunk, items) {
                fresh.restore(
                    item, story: record.story, kind: record.kind == "coverage" ? .coverage : .story,
                    tag: record.storyAlertID)
            }
        }
        clusterer = fresh
        if !records.isEmpty {
            logger.info(
                "open stories restored", metadata: ["articles": "\(records.count)", "stories": "\(fresh.openStories)"])
        }
    }

    /// `items` with their fingerprints, made on every core (most of a restart's restoring time).
    static func fingerprinted(_ items: [StoryItem]) -> [StoryItem] {
        guard items.count > 1 else { return items }
        let results = Locked(items)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let fingerprint = StoryFingerprint(items[index])
            results.withLock { $0[index].fingerprint = fingerprint }
        }
        return results.withLock { $0 }
    }
}
