import Foundation

/// Where an alerted article went among the stories, as the state keeps it: enough to put it back into a
/// clusterer after a restart (its text, its entities, when it arrived) and to name its story's alert.
public struct StoryRecord: Sendable, Equatable {
    /// The article's key.
    public var articleKey: String
    /// The story's id.
    public var story: String
    /// `"story"` for the article that opened the story, `"coverage"` for the others.
    public var kind: String
    /// The `alert_id` of the story's first alert.
    public var storyAlertID: String
    /// When the article arrived (the daemon's clock).
    public var arrived: Date
    /// Its title.
    public var title: String?
    /// Its summary, as clustering read it.
    public var summary: String?
    /// The entities the matcher found in it.
    public var entities: [String]

    /// Creates a record.
    public init(
        articleKey: String, story: String, kind: String, storyAlertID: String, arrived: Date, title: String?,
        summary: String?, entities: [String]
    ) {
        self.articleKey = articleKey
        self.story = story
        self.kind = kind
        self.storyAlertID = storyAlertID
        self.arrived = arrived
        self.title = title
        self.summary = summary
        self.entities = entities
    }
}
