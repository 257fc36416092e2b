import Foundation

/// A parsed feed: what Vigie keeps of an RSS, Atom or JSON Feed document.
///
/// All text is plain text (HTML already turned into text), valid UTF-8, whitespace collapsed. Dates are instants
/// (`nil` when absent or unparseable; an unparseable date also adds a warning). `warnings` lists, in document order,
/// everything the parser had to recover from; a feed with warnings is still a feed.
public struct Feed: Sendable, Equatable {
    /// The syndication format and version detected from the document itself.
    public var format: FeedFormat
    /// The feed's title.
    public var title: String?
    /// The feed's home page (its alternate link), resolved to an absolute URL where a base was known.
    public var link: String?
    /// The language the feed declares (`language`, `dc:language` or `xml:lang` on the root), as written.
    public var language: String?
    /// When the feed says it last changed.
    public var updated: Date?
    /// How often the publisher asks to be polled, in seconds, from RSS `<ttl>` or `sy:updatePeriod` /
    /// `sy:updateFrequency`; `nil` when the feed says nothing.
    public var refreshInterval: TimeInterval?
    /// What the parser recovered from, in human words ("line 12: undefined entity &nbsp; replaced").
    public var warnings: [String]
    /// The items, in document order.
    public var items: [FeedItem]

    /// Creates a feed value; parsers fill it in as they go.
    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil, language: String? = nil,
        updated: Date? = nil, refreshInterval: TimeInterval? = nil, warnings: [String] = [], items: [FeedItem] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.language = language
        self.updated = updated
        self.refreshInterval = refreshInterval
        self.warnings = warnings
        self.items = items
    }
}
