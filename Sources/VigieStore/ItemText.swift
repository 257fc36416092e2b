import Foundation

/// The text of one item as the matcher read it, kept for `vigie backtest` (`[state] keep_text`): what a changed
/// watchlist would have caught is found by matching these again.
///
/// Each field is cut to a bound (``titleLimit``, ``summaryLimit``, ``contentLimit`` UTF-8 bytes, at a character
/// boundary) when the item is made, so an item takes at most about 21 KB of the state whatever its feed carries.
public struct ItemText: Sendable, Equatable {
    /// The article's canonical key (see ``SeenItem/articleKey``).
    public var articleKey: String
    /// The configured URL of the feed it was first seen in.
    public var feedURL: String
    /// The item's id as its feed gives it.
    public var id: String
    /// The title, as text.
    public var title: String?
    /// The link.
    public var link: String?
    /// The summary, as text, cut to ``summaryLimit`` bytes.
    public var summary: String?
    /// The content, as text, cut to ``contentLimit`` bytes.
    public var content: String?
    /// The item's date (published, else updated), if it has one.
    public var published: Date?
    /// When it was first seen.
    public var seen: Date

    /// The most of a title kept: 1 KiB.
    public static let titleLimit = 1_024
    /// The most of a summary kept: 4 KiB.
    public static let summaryLimit = 4_096
    /// The most of a content kept: 16 KiB (the start of an article is where a watch's terms matter most).
    public static let contentLimit = 16_384

    /// Creates an item's text, each field cut to its limit.
    public init(
        articleKey: String, feedURL: String, id: String, title: String?, link: String?, summary: String?,
        content: String?, published: Date?, seen: Date
    ) {
        self.articleKey = articleKey
        self.feedURL = feedURL
        self.id = id
        self.title = title.map { Self.cut($0, to: Self.titleLimit) }
        self.link = link
        self.summary = summary.map { Self.cut($0, to: Self.summaryLimit) }
        self.content = content.map { Self.cut($0, to: Self.contentLimit) }
        self.published = published
        self.seen = seen
    }

    /// The size it takes, as counted against `[state] keep_text_max`: the bytes of its texts.
    public var byteCount: Int {
        [title, link, summary, content].reduce(articleKey.utf8.count + id.utf8.count) { $0 + ($1?.utf8.count ?? 0) }
    }

    /// `text`, cut to at most `limit` UTF-8 bytes at a Unicode scalar boundary.
    static func cut(_ text: String, to limit: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex && UTF8.isContinuation(utf8[end]) {
            end = utf8.index(before: end)
        }
        return String(Substring(utf8[..<end]))
    }
}
