import Foundation

/// One entry of a feed: an article, post or episode.
public struct FeedItem: Sendable, Equatable {
    /// A stable identifier: the RSS `guid`, Atom `id`, RDF `rdf:about` or JSON Feed `id`; when the document gives
    /// none, the link; when there is no link either, `"hash:"` followed by a hash of the title and content (see
    /// ``FeedItem/fallbackIdentifier(title:content:)``), so the same item always gets the same id.
    public var id: String
    /// The title, as plain text.
    public var title: String?
    /// The alternate (human-readable) link, absolute when a base URL was known.
    public var link: String?
    /// When the item was first published.
    public var published: Date?
    /// When the item was last changed.
    public var updated: Date?
    /// Authors' names (or e-mail addresses where that is all there is), in document order, without duplicates.
    public var authors: [String]
    /// Categories, tags and subjects, in document order, without duplicates.
    public var categories: [String]
    /// The summary (RSS `description`, Atom `summary`; `dc:description`, `media:description` or
    /// `itunes:summary` when that is all there is), as plain text.
    public var summary: String?
    /// The full content (`content:encoded`, Atom `content`, JSON Feed `content_html`/`content_text`), as plain text.
    public var content: String?

    /// Creates an item value.
    public init(
        id: String, title: String? = nil, link: String? = nil, published: Date? = nil, updated: Date? = nil,
        authors: [String] = [], categories: [String] = [], summary: String? = nil, content: String? = nil
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.authors = authors
        self.categories = categories
        self.summary = summary
        self.content = content
    }
}
