/// The text of one news item, as the matcher reads it: plain text fields (a feed item's, or any text).
public struct MatchableItem: Sendable, Equatable {
    /// The item's stable identifier (a feed item's id); matches carry it.
    public var id: String
    /// The title.
    public var title: String?
    /// The summary.
    public var summary: String?
    /// The full content.
    public var content: String?

    /// Creates an item.
    public init(id: String, title: String? = nil, summary: String? = nil, content: String? = nil) {
        self.id = id
        self.title = title
        self.summary = summary
        self.content = content
    }

    /// The text of `field`, if the item has it.
    public func text(of field: WatchField) -> String? {
        switch field {
        case .title: title
        case .summary: summary
        case .content: content
        }
    }
}
