import Foundation
import VigieFeeds
import VigieStories
import VigieWatch

/// A poll read up to its stories (``FeedProcessor/prepare(_:feedURL:feedName:state:at:unseen:)``): the poll with
/// its state, seen items and texts, and the new articles that fire a watch, waiting for
/// ``FeedProcessor/finish(_:stories:)`` to place them among the stories and write their alert lines.
public struct PreparedPoll: Sendable {
    /// The poll so far: everything but its stories, alerts and titles.
    public var poll: ProcessedPoll
    /// The new articles that fire a watch, in feed order.
    var matched: [MatchedArticle]
    /// The feed's title for alert lines (its own, else its configured name).
    var feedTitle: String?
    /// When the poll was read.
    var time: Date
}

/// One new article that fires a watch, as ``PreparedPoll`` carries it.
struct MatchedArticle: Sendable {
    /// The item as parsed.
    var item: FeedItem
    /// Its article key.
    var key: String
    /// Every watch that fired on it.
    var matches: [Match]
    /// The strongest of them, which keys its alert in the state.
    var strongest: String
    /// The id its alert gets.
    var alertID: String
    /// The union of its matches' entities.
    var entities: [String]
    /// The lead stories read and the state keeps (``FeedProcessor/lead(_:)``).
    var lead: String?
    /// Its story fingerprint, when made beforehand (``FeedProcessor/fingerprintsStories``).
    var fingerprint: StoryFingerprint?

    /// The article as story clustering sees it, arrived at `time`.
    func storyItem(at time: Date) -> StoryItem {
        StoryItem(key: key, title: item.title, summary: lead, date: time, entities: entities)
    }
}
