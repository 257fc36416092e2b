/// One feed listed in an OPML file.
public struct OPMLOutline: Sendable, Equatable {
    /// The feed's URL (`xmlUrl`).
    public var url: String
    /// Its title (`title`, else `text`), if any.
    public var title: String?

    /// Creates an outline.
    public init(url: String, title: String? = nil) {
        self.url = url
        self.title = title
    }
}

/// Reads the feed list of an OPML document (the subscription-list format feed readers export): every `outline`
/// with an `xmlUrl`, at any depth, in document order, without duplicates. Same safety as the feed parser (no
/// external entities, bounded sizes).
public enum OPMLParser {
    /// The feeds `document` lists.
    public static func parse(_ document: [UInt8]) throws(FeedParseError) -> [OPMLOutline] {
        let decoded = DocumentDecoder.decode(document, charset: nil)
        let sink = OPMLSink()
        _ = decoded.utf8.withUnsafeBufferPointer { buffer in
            XMLStreamParser(utf8: buffer, documentURL: nil, recover: true, sink: sink)?.run()
        }
        guard sink.rootName == "opml" else {
            let found = sink.rootName.map { "the root element is <\($0)>" } ?? "no XML element found"
            throw FeedParseError(code: .notAFeed, message: "not OPML: \(found), not <opml>")
        }
        return sink.outlines
    }
}

/// Collects `outline` elements for ``OPMLParser``.
private final class OPMLSink: XMLEventSink {
    var rootName: String?
    var outlines: [OPMLOutline] = []
    private var seen: Set<String> = []
    let shouldStop = false

    func startElement(localName: String, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes) {
        if rootName == nil { rootName = localName }
        guard localName == "outline", let url = attributes.value("xmlUrl")?.trimmingASCIIWhitespace(), !url.isEmpty,
            !seen.contains(url)
        else { return }
        seen.insert(url)
        let title = attributes.value("title") ?? attributes.value("text")
        outlines.append(OPMLOutline(url: url, title: title.map(HTMLText.collapsingWhitespace)))
    }

    func endElement() {}
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    func doctype(name: String?, publicID: String?, systemID: String?) {}
}
