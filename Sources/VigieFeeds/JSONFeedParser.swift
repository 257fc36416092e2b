import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org) with Foundation's JSON decoder.
///
/// Lenient where real feeds are sloppy (ids that are numbers, a 1.0 `author` beside 1.1 `authors`, unknown
/// fields), strict about what makes it JSON Feed: an object whose `version` names jsonfeed.org.
enum JSONFeedParser {
    private struct Document: Decodable {
        var version: String?
        var title: String?
        var home_page_url: String?
        var language: String?
        var items: [Entry]?
    }

    private struct Entry: Decodable {
        var id: Identifier?
        var url: String?
        var external_url: String?
        var title: String?
        var content_html: String?
        var content_text: String?
        var summary: String?
        var date_published: String?
        var date_modified: String?
        var author: Person?
        var authors: [Person]?
        var tags: [String]?
    }

    private struct Person: Decodable {
        var name: String?
        var url: String?
    }

    /// JSON Feed says ids are strings, but numbers are common.
    private struct Identifier: Decodable {
        var text: String
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else {
                text = String(try container.decode(Double.self))
            }
        }
    }

    /// Parses `utf8` as JSON Feed.
    static func parse(_ utf8: [UInt8], documentURL: String?, limits: FeedParser.Limits) throws(FeedParseError)
        -> Feed
    {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(utf8))
        } catch {
            throw FeedParseError(code: .unreadable, message: "not a feed: invalid JSON (\(Self.reason(error)))")
        }
        // The spec's version is a jsonfeed.org URL; a bare "1.0" beside an item list is accepted too.
        guard let version = document.version,
            version.contains("jsonfeed.org/version/") || (document.items != nil && version.hasPrefix("1"))
        else {
            throw FeedParseError(
                code: .notAFeed, message: "not a feed: a JSON document without a jsonfeed.org \"version\"")
        }
        var feed = Feed(format: version.hasSuffix("1.1") ? .json11 : .json10)
        feed.title = document.title.map(HTMLText.collapsingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        feed.link = document.home_page_url.map { URIResolver.resolve($0, against: documentURL) }
        feed.language = document.language
        let base = feed.link ?? documentURL
        for (index, entry) in (document.items ?? []).enumerated() {
            guard index < limits.maxItems else {
                feed.warnings.append("the feed has more than \(limits.maxItems) items; the rest were skipped")
                break
            }
            feed.items.append(item(entry, number: index + 1, base: base, warnings: &feed.warnings))
        }
        return feed
    }

    private static func item(_ entry: Entry, number: Int, base: String?, warnings: inout [String]) -> FeedItem {
        func text(_ value: String?, html: Bool) -> String? {
            guard let value else { return nil }
            let plain = html ? HTMLText.plainText(fromHTML: value) : HTMLText.collapsingWhitespace(value)
            return plain.isEmpty ? nil : plain.mappingC1Controls()
        }
        func date(_ value: String?, _ field: String) -> Date? {
            guard let value, !value.isEmpty else { return nil }
            if let parsed = DateParser.parse(value) { return parsed }
            warnings.append("item \(number): unparseable date \"\(value.prefix(60))\" in \(field); left empty")
            return nil
        }
        let link = (entry.url ?? entry.external_url).map { URIResolver.resolve($0, against: base) }
        let title = text(entry.title, html: false)
        let content = text(entry.content_html, html: true) ?? text(entry.content_text, html: false)
        let summary = text(entry.summary, html: false)
        var authors: [String] = []
        for person in (entry.authors ?? []) + [entry.author].compactMap({ $0 }) {
            if let name = person.name ?? person.url { authors.appendUnique(name) }
        }
        var categories: [String] = []
        for tag in entry.tags ?? [] { categories.appendUnique(HTMLText.collapsingWhitespace(tag)) }
        let id = entry.id.map { $0.text.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        return FeedItem(
            id: id ?? link ?? FeedItem.fallbackIdentifier(title: title, content: content ?? summary),
            title: title, link: link, published: date(entry.date_published, "date_published"),
            updated: date(entry.date_modified, "date_modified"), authors: authors, categories: categories,
            summary: summary, content: content)
    }

    private static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.typeMismatch(_, let context) = error {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path): \(context.debugDescription)"
        }
        return String(describing: error)
    }
}
