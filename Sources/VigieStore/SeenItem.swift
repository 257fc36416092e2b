/// An article Vigie has seen, whether or not it matched a watch.
///
/// Recorded by ``StateStore/commit(_:at:)`` or ``StateStore/record(seen:alerts:at:)``;
/// ``StateStore/unseenKeys(_:)`` then leaves it out until
/// ``StateStore/forgetSeenItems(notSeenSince:configuredFeeds:)`` forgets it.
public struct SeenItem: Sendable, Equatable, Hashable {
    /// The article's canonical key, as the caller computes it (canonical link, or else the item's id).
    public var articleKey: String
    /// The feed (its configured URL) it is seen in.
    public var feedURL: String

    /// Creates a seen item.
    public init(articleKey: String, feedURL: String) {
        self.articleKey = articleKey
        self.feedURL = feedURL
    }
}
