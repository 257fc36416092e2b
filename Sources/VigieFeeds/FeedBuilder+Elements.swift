import Foundation

/// Which element supplies which field, per container. Ranks: 1 is the format's own element, higher numbers are
/// extension modules used only when the format's element is missing.
extension FeedBuilder {
    func startInChannel(_ element: Element) {
        let core = isCore(element.namespace)
        switch (core ? FeedNamespace.none : element.namespace, element.name) {
        case (.none, "item") where !isAtom, (.none, "entry") where isAtom:
            startItem(element)
        case (.none, "title"):
            collect(.feedTitle(rank: 1), element, mode: textMode(element))
        case (.none, "link") where isAtom, (.atom10, "link"), (.atom03, "link"):
            offerAtomLink(element) { rank, url in self.channel.link.offer(url, rank: rank) }
        case (.none, "link"):
            collect(.feedLink(rank: 1), element)
        case (.none, "language"), (.dc, "language"):
            collect(.feedLanguage, element)
        case (.none, "lastBuildDate"), (.none, "updated"), (.none, "modified"):
            collect(.feedUpdated(rank: 1, element: element.name), element)
        case (.none, "pubDate"):
            collect(.feedUpdated(rank: 2, element: element.name), element)
        case (.dc, "date"), (.dcterms, "modified"):
            collect(.feedUpdated(rank: 3, element: element.name), element)
        case (.dc, "title"):
            collect(.feedTitle(rank: 2), element, mode: .html)
        case (.none, "ttl"):
            collect(.ttl, element)
        case (.syndication, "updatePeriod"):
            collect(.updatePeriod, element)
        case (.syndication, "updateFrequency"):
            collect(.updateFrequency, element)
        default:
            ignore()
        }
    }

    func startInItem(_ element: Element) {
        let core = isCore(element.namespace)
        switch (core ? FeedNamespace.none : element.namespace, element.name) {
        case (.none, "title"):
            collect(.itemTitle(rank: 1), element, mode: textMode(element))
        case (.none, "link") where isAtom, (.atom10, "link"), (.atom03, "link"):
            offerAtomLink(element) { rank, url in self.item?.link.offer(url, rank: rank) }
        case (.none, "link"):
            collect(.itemLink(rank: 1), element)
        case (.none, "guid"):
            let permaLink = element.attributes.value("isPermaLink")?.trimmingASCIIWhitespace().lowercased()
            collect(.guid(isPermaLink: permaLink != "false"), element)
        case (.none, "id"):
            collect(.itemID(rank: 1), element)
        case (.none, "description"):
            collect(.itemSummary(rank: 1), element, mode: .html)
        case (.none, "summary"):
            collect(.itemSummary(rank: 1), element, mode: textMode(element))
        case (.none, "content"):
            guard element.attributes.value("src") == nil else { return ignore() }
            collect(.itemContent(rank: 1), element, mode: textMode(element))
        case (.content, "encoded"):
            collect(.itemContent(rank: 1), element, mode: .html)
        case (.xhtml, "body"):
            collect(.itemContent(rank: 2), element, mode: .xhtml)
        case (.none, "body"), (.none, "fullitem"):
            // Pre-2.0 and ad hoc full-text elements some RSS feeds carry.
            collect(.itemContent(rank: 2), element, mode: .html)
        case (.none, "pubDate"), (.none, "published"), (.none, "issued"):
            collect(.itemPublished(rank: 1, element: element.name), element)
        case (.none, "created"), (.dc, "date"):
            collect(.itemPublished(rank: 2, element: element.name), element)
        case (.dcterms, "issued"), (.dcterms, "created"):
            collect(.itemPublished(rank: 3, element: element.name), element)
        case (.none, "updated"), (.none, "modified"), (.atom10, "updated"):
            collect(.itemUpdated(rank: 1, element: element.name), element)
        case (.dcterms, "modified"):
            collect(.itemUpdated(rank: 2, element: element.name), element)
        case (.none, "author") where isAtom, (.none, "contributor") where isAtom, (.atom10, "author"):
            person = PersonDraft()
            push(.person, element)
        case (.none, "author"), (.dc, "creator"), (.dc, "author"), (.itunes, "author"):
            collect(.itemAuthor, element, mode: .html)
        case (.none, "category") where isAtom, (.atom10, "category"):
            let term = element.attributes.value("term") ?? element.attributes.value("label")
            item?.categories.appendUnique(HTMLText.collapsingWhitespace(term ?? ""))
            ignore()
        case (.none, "category"), (.dc, "subject"), (.media, "category"):
            collect(.itemCategory, element, mode: .html)
        case (.itunes, "category"):
            item?.categories.appendUnique(HTMLText.collapsingWhitespace(element.attributes.value("text") ?? ""))
            ignore()
        case (.dc, "title"):
            collect(.itemTitle(rank: 2), element, mode: .html)
        case (.dc, "description"):
            collect(.itemSummary(rank: 2), element, mode: .html)
        case (.itunes, "summary"):
            collect(.itemSummary(rank: 3), element, mode: .html)
        case (.media, "group"), (.media, "content"):
            push(.mediaGroup, element)
        case (.media, "description"), (.media, "title"):
            startInMediaGroup(element)
        default:
            ignore()
        }
    }

    func startInMediaGroup(_ element: Element) {
        switch (element.namespace, element.name) {
        case (.media, "description"):
            let html = element.attributes.value("type")?.lowercased() == "html"
            collect(.itemSummary(rank: 4), element, mode: html ? .html : .text)
        case (.media, "title"):
            let html = element.attributes.value("type")?.lowercased() == "html"
            collect(.itemTitle(rank: 3), element, mode: html ? .html : .text)
        case (.media, "content"), (.media, "group"):
            push(.mediaGroup, element)
        default:
            ignore()
        }
    }

    func startInPerson(_ element: Element) {
        guard isCore(element.namespace) || element.namespace == .atom10 else { return ignore() }
        switch element.name {
        case "name": collect(.personName, element)
        case "email": collect(.personEmail, element)
        default: ignore()
        }
    }

    /// How an Atom text construct (`title`, `summary`, `content`) is to be read, from its `type` (Atom 1.0: text,
    /// html, xhtml or a MIME type) and Atom 0.3's `mode` (xml, escaped, base64). RSS elements are HTML.
    func textMode(_ element: Element) -> Capture.Mode {
        guard isAtom else { return .html }
        let type = element.attributes.value("type")?.trimmingASCIIWhitespace().lowercased() ?? "text"
        let isHTML = type == "html" || type.contains("html")
        switch element.attributes.value("mode")?.trimmingASCIIWhitespace().lowercased() {
        case "base64": return .base64(html: isHTML)
        case "xml": return .xhtml
        case "escaped": return isHTML ? .html : .text
        default: break
        }
        if type == "xhtml" || type.contains("xhtml") { return .xhtml }
        if isHTML { return .html }
        // RFC 4287 §4.1.3.3: content of a MIME type that is neither text/* nor XML is Base64. Feeds apply it to
        // other text constructs too; text that is not Base64 of UTF-8 ("test") is kept as it is.
        if format == .atom10, type.contains("/"), !type.hasPrefix("text/"), !type.contains("xml") {
            return .base64(html: false)
        }
        // Atom 0.3 defaults to escaped text/plain; 1.0 to text. Content of other MIME types is kept as text.
        return .text
    }

    /// Offers an Atom `link` element's URL: `rel="alternate"` (or no rel) ranks 1 when its type is HTML or absent,
    /// 2 otherwise; other relations are ignored. The element's content is skipped.
    func offerAtomLink(_ element: Element, offer: (Int, String) -> Void) {
        defer { ignore() }
        let relation = element.attributes.value("rel")?.trimmingASCIIWhitespace().lowercased() ?? "alternate"
        guard relation == "alternate" || relation == "http://www.iana.org/assignments/relation/alternate",
            let href = element.attributes.value("href"), !href.trimmingASCIIWhitespace().isEmpty
        else { return }
        let type = element.attributes.value("type")?.lowercased()
        let rank = (type == nil || type!.contains("html")) ? 1 : 2
        offer(isCore(element.namespace) ? rank : rank + 1, URIResolver.resolve(href, against: element.base))
    }
}
