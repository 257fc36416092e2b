import Foundation

/// Turns the element events of an RSS or Atom document into a ``Feed``: the state machine behind ``FeedParser``.
///
/// Fields are taken only where they belong (a `title` counts as the item's title only as a direct child of the
/// item, so `image/title` or `source/title` never overwrite anything). When several elements can supply one field
/// (RSS `description`, `dc:description`, `media:description`), each has a rank and the best-ranked one present
/// wins whatever the document order.
final class FeedBuilder: XMLEventSink {
    /// What the document turned out to be; `nil` until the root element is seen.
    private(set) var format: FeedFormat?
    /// The root element's local name, for "not a feed" errors.
    private(set) var rootName: String?
    /// The feed-level fields collected so far.
    var channel = ChannelDraft()
    /// The items completed so far.
    private(set) var items: [FeedItem] = []
    /// What was recovered from, in document order.
    var warnings: [String] = []
    /// Set when the item limit was reached; the parse stops.
    private(set) var shouldStop = false

    let limits: FeedParser.Limits
    var frames: [Frame]
    var capture: Capture?
    var ignoreDepth = 0
    var item: ItemDraft?
    var person: PersonDraft?
    var itemCount = 0
    /// The last summary or content read as HTML, and its text: the next field with the same markup reuses the text
    /// (``FeedBuilder/plainTextOnce(_:)``).
    var lastMarkup: (bytes: [UInt8], text: String)?
    /// The HTML parser context every HTML field of this feed is read with.
    let htmlReader: HTMLTextReader
    private var doctypePublicID: String?
    private var atomNamespace = FeedNamespace.atom10
    private var namespaceCache: [UnsafePointer<UInt8>: FeedNamespace] = [:]

    /// Creates a builder; `documentURL` is the base for relative links until the document sets its own.
    init(documentURL: String?, limits: FeedParser.Limits, scansHTML: Bool = true) {
        htmlReader = HTMLTextReader(scanning: scansHTML)
        self.limits = limits
        self.frames = [Frame(role: .document, base: documentURL)]
    }

    /// The containers the builder tracks; field elements are handled by ``Capture`` instead.
    enum Role: Equatable {
        case document, rssRoot, rdfRoot, channel, item, person, mediaGroup
    }

    /// An open container element.
    struct Frame {
        var role: Role
        var base: String?
    }

    // MARK: - XMLEventSink

    func doctype(name: String?, publicID: String?, systemID: String?) {
        doctypePublicID = publicID
    }

    func startElement(localName: String, namespace uri: UnsafePointer<UInt8>?, attributes: XMLAttributes) {
        if capture != nil {
            capture!.open(localName, attributes: attributes)
            return
        }
        if ignoreDepth > 0 {
            ignoreDepth += 1
            return
        }
        let namespace = classify(uri)
        let parent = frames[frames.count - 1]
        var base = parent.base
        if let xmlBase = attributes.value("base", namespace: Self.xmlNamespace) {
            base = URIResolver.resolve(xmlBase, against: base)
        }
        let element = Element(name: localName, namespace: namespace, attributes: attributes, base: base)
        switch parent.role {
        case .document: startRoot(element)
        case .rssRoot, .rdfRoot: startInRoot(element, role: parent.role)
        case .channel: startInChannel(element)
        case .item: startInItem(element)
        case .mediaGroup: startInMediaGroup(element)
        case .person: startInPerson(element)
        }
    }

    func endElement() {
        if capture != nil {
            if capture!.depth > 0 {
                capture!.close()
            } else {
                finish(capture!)
                capture = nil
            }
            return
        }
        if ignoreDepth > 0 {
            ignoreDepth -= 1
            return
        }
        guard frames.count > 1 else { return }
        let frame = frames.removeLast()
        switch frame.role {
        case .item: finishItem()
        case .person: finishPerson()
        default: break
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard capture != nil else { return }
        capture!.append(bytes, limit: limits.maxFieldBytes)
    }

    // MARK: - Helpers for the role handlers

    /// One starting element, with what every handler needs.
    struct Element {
        var name: String
        var namespace: FeedNamespace
        var attributes: XMLAttributes
        /// The base URI in force for this element (its own `xml:base` applied).
        var base: String?
    }

    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    func push(_ role: Role, _ element: Element) {
        frames.append(Frame(role: role, base: element.base))
    }

    /// Skips the element that just started and everything inside it.
    func ignore() {
        ignoreDepth = 1
    }

    /// Starts collecting the text of the element that just started, for `target`.
    func collect(_ target: Capture.Target, _ element: Element, mode: Capture.Mode = .text) {
        capture = Capture(target: target, mode: mode, base: element.base)
    }

    private func classify(_ uri: UnsafePointer<UInt8>?) -> FeedNamespace {
        guard let uri else { return .none }
        if let known = namespaceCache[uri] { return known }
        let namespace = FeedNamespace(uri: String(cString: uri))
        namespaceCache[uri] = namespace
        return namespace
    }

    private func startRoot(_ element: Element) {
        rootName = element.name
        switch element.name {
        case "rss":
            format = Self.rssFormat(version: element.attributes.value("version"), doctype: doctypePublicID)
            push(.rssRoot, element)
        case "RDF":
            // RSS 0.90 and 1.0 differ by the namespace of their elements; an empty document only declares it.
            format = element.attributes.declaresNamespace("http://my.netscape.com/rdf/simple/0.9/") ? .rss090 : .rss10
            push(.rdfRoot, element)
        case "feed":
            // Atom 1.0 by its namespace; Atom 0.3 by its namespace or its version attribute. Feeds in other
            // namespaces (drafts, typos) are read as Atom too, with the root's namespace as Atom's.
            atomNamespace = element.namespace
            switch element.namespace {
            case .atom10: format = .atom10
            case .atom03: format = .atom03
            default: format = element.attributes.value("version") == nil ? .atom10 : .atom03
            }
            startFeedChannel(element)
        case "entry" where element.namespace == .atom10:
            // An Atom entry document (RFC 4287 §4.1.2): a feed of one item.
            format = .atom10
            push(.channel, element)
            startItem(element)
        case "channel":
            // A bare <channel> root: RSS with its wrapper missing.
            format = .rss
            warnings.append("the document has no <rss> element around its <channel>; read as RSS")
            push(.channel, element)
        default:
            ignore()
        }
    }

    private func startFeedChannel(_ element: Element) {
        channel.language = element.attributes.value("lang", namespace: Self.xmlNamespace)?
            .replacingOccurrences(of: "_", with: "-")
        push(.channel, element)
    }

    private static func rssFormat(version: String?, doctype: String?) -> FeedFormat {
        switch version?.trimmingASCIIWhitespace() {
        case "0.91":
            return doctype?.contains("Netscape") == true ? .rss091n : .rss091u
        case "0.92": return .rss092
        case "0.93": return .rss093
        case "0.94": return .rss094
        case "2.0", "2.0.1", "2.01", "2": return .rss20
        case let other? where other.hasPrefix("2."): return .rss20
        default: return .rss
        }
    }

    private func startInRoot(_ element: Element, role: Role) {
        if role == .rdfRoot, element.name == "channel" || element.name == "item" {
            if element.namespace == .rss090 { format = .rss090 }
        }
        switch element.name {
        case "channel": push(.channel, element)
        case "item": startItem(element)
        default: ignore()
        }
    }

    /// Whether an element of `namespace` is one of the document format's own (not an extension).
    func isCore(_ namespace: FeedNamespace) -> Bool {
        if isAtom {
            // Atom 1.0 elements are in their namespace; Atom 0.3 and look-alikes also write them without one.
            return namespace == atomNamespace || (atomNamespace != .atom10 && namespace == .none)
        }
        return namespace == .none || namespace == .rss10 || namespace == .rss090 || namespace == .rss20
    }

    var isAtom: Bool { format == .atom10 || format == .atom03 }

    func startItem(_ element: Element) {
        itemCount += 1
        if itemCount > limits.maxItems {
            warnings.append("the feed has more than \(limits.maxItems) items; the rest were skipped")
            shouldStop = true
            ignore()
            return
        }
        var draft = ItemDraft()
        if let about = element.attributes.value("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") {
            draft.id.offer(about.trimmingASCIIWhitespace(), rank: 3)
        }
        item = draft
        push(.item, element)
    }

    /// Everything collected, as a feed. Items still open (a truncated document) are dropped with a warning: their
    /// end is missing, and the next poll will deliver them whole.
    func makeFeed() -> Feed {
        if frames.contains(where: { $0.role == .item }) {
            warnings.append("the document ends inside item \(itemCount); that item was cut off and skipped")
        }
        return Feed(
            format: format ?? .rss, title: channel.title.value, link: channel.link.value,
            language: channel.language, updated: channel.updated.value,
            refreshInterval: channel.refreshInterval, warnings: warnings, items: items)
    }

    func appendItem(_ finished: FeedItem) {
        items.append(finished)
    }
}
