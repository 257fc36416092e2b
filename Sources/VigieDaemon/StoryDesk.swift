import Foundation
import Logging
import VigieStore
import VigieStories

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
        for record in records {
            fresh.restore(
                StoryItem(
                    key: record.articleKey, title: record.title, summary: record.summary, date: record.arrived,
                    entities: record.entities),
                story: record.story, kind: record.kind == "coverage" ? .coverage : .story, tag: record.storyAlertID)
        }
        clusterer = fresh
        if !records.isEmpty {
            logger.info(
                "open stories restored", metadata: ["articles": "\(records.count)", "stories": "\(fresh.openStories)"])
        }
    }
}
