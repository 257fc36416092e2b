/// Where an item went: the story it opened or joined, and why.
public struct StoryAssignment: Sendable, Hashable {
    /// Whether the item opened its story or joined one.
    public enum Kind: String, Sendable, Hashable {
        /// The item opened the story: it is the alert.
        case story
        /// The item joined an open story: coverage of news already alerted.
        case coverage
    }

    /// The story's stable id (``StoryClusterer/storyID(openedBy:)``).
    public var story: String
    /// Whether the item opened it.
    public var kind: Kind
    /// Why: the similarity found and the threshold it met, or why no open story was close enough.
    public var reason: String
    /// The tag the story's first item was given (the daemon tags each item with its alert id, so that coverage
    /// names the alert of its story).
    public var openerTag: String

    /// Creates an assignment.
    public init(story: String, kind: Kind, reason: String, openerTag: String = "") {
        self.story = story
        self.kind = kind
        self.reason = reason
        self.openerTag = openerTag
    }
}
