import CLibXML2

/// Reads RSS (0.90 to 2.0), Atom (0.3, 1.0) and JSON Feed (1.0, 1.1) documents into ``Feed`` values.
///
/// The format is detected from the document itself. Parsing is pure: bytes in, a value out, no I/O, no clock, safe
/// to call from any thread. XML goes through libxml2's SAX2 interface (``XMLStreamParser``), so memory stays
/// proportional to one item plus the items already produced; external entities, DTDs and the network are never
/// touched.
///
/// Broken real-world feeds are recovered where possible, and every recovery is reported in ``Feed/warnings``:
/// 1. the bytes are decoded to UTF-8 by ``DocumentDecoder`` (BOM, HTTP charset, XML declaration, declared-wrong
///    encodings, forbidden control characters);
/// 2. libxml2 parses in recover mode;
/// 3. if it reported errors, ``XMLRepair`` fixes undefined HTML entities, bare `&` and bare `<`, the document is
///    parsed again, and the better of the two results (more items) is kept.
public struct FeedParser: Sendable {
    /// Bounds that keep a hostile document from costing unbounded time or memory.
    public struct Limits: Sendable, Equatable {
        /// The largest document accepted, in bytes (default 64 MiB).
        public var maxDocumentBytes: Int
        /// The most items read from one document (default 100,000); the rest are skipped with a warning.
        public var maxItems: Int
        /// The longest text field kept, in bytes (default 1 MiB); longer ones are cut with a warning.
        public var maxFieldBytes: Int

        /// Creates limits; the defaults suit any real feed.
        public init(maxDocumentBytes: Int = 64 << 20, maxItems: Int = 100_000, maxFieldBytes: Int = 1 << 20) {
            self.maxDocumentBytes = maxDocumentBytes
            self.maxItems = maxItems
            self.maxFieldBytes = maxFieldBytes
        }
    }

    /// The limits in force.
    public var limits: Limits
    /// Whether HTML fields go through ``HTMLFragmentScanner`` first; `false` reads them all with libxml2, for tests
    /// that check both give the same feed.
    var scansHTML = true

    /// Creates a parser.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Parses one document.
    ///
    /// - Parameters:
    ///   - bytes: the document as received.
    ///   - documentURL: where it came from; the base for relative links (before any `xml:base`).
    ///   - charset: the charset the transport declared (HTTP `Content-Type`), which wins over the document's own
    ///     declaration but not over a byte order mark.
    /// - Returns: the feed, possibly with warnings.
    /// - Throws: ``FeedParseError`` when the input is empty, too large, not a feed (an HTML page: with the feeds
    ///   it announces), or broken beyond recovery.
    public func parse(_ bytes: [UInt8], documentURL: String? = nil, charset: String? = nil) throws(FeedParseError)
        -> Feed
    {
        guard bytes.count <= limits.maxDocumentBytes else {
            throw FeedParseError(
                code: .limitExceeded,
                message: "the document is \(bytes.count) bytes, over the limit of \(limits.maxDocumentBytes)")
        }
        let decoded = DocumentDecoder.decode(bytes, charset: charset)
        guard let start = decoded.utf8.firstIndex(where: { !Self.isXMLSpace($0) }) else {
            throw FeedParseError(code: .empty, message: "the document is empty")
        }
        var warnings = decoded.warnings
        let first = decoded.utf8[start]
        if first == UInt8(ascii: "{") {
            var feed = try JSONFeedParser.parse(decoded.utf8, documentURL: documentURL, limits: limits)
            feed.warnings = warnings + feed.warnings
            return feed
        }
        var body = decoded.utf8[start...]
        if first != UInt8(ascii: "<") {
            guard let tag = body.prefix(4096).firstIndex(of: UInt8(ascii: "<")) else {
                throw FeedParseError(
                    code: .unreadable,
                    message: "not a feed: the document is neither XML nor JSON (it starts with \(Self.quote(body)))")
            }
            warnings.append("skipped \(tag - start) bytes of text before the first tag")
            body = body[tag...]
        }
        if HTMLDiscovery.looksLikeHTML(body) {
            throw HTMLDiscovery.error(forPage: Array(body), documentURL: documentURL)
        }
        var feed = try parseXML(Array(body), documentURL: documentURL)
        feed.warnings = warnings + feed.warnings
        return feed
    }

    private func parseXML(_ utf8: [UInt8], documentURL: String?) throws(FeedParseError) -> Feed {
        let first = runPass(utf8, documentURL: documentURL)
        try checkLimits(first)
        var chosen = first
        var repairs: [String] = []
        if first.issues.contains(where: \.isError) {
            let repaired = XMLRepair.repair(utf8)
            if repaired.changed {
                let second = runPass(repaired.utf8, documentURL: documentURL)
                try checkLimits(second)
                if second.builder.items.count >= first.builder.items.count {
                    chosen = second
                    repairs = repaired.descriptions
                }
            }
        }
        let builder = chosen.builder
        guard builder.format != nil else {
            throw notAFeedError(rootName: builder.rootName, issues: first.issues, document: utf8, url: documentURL)
        }
        var feed = builder.makeFeed()
        let refused = chosen.refusedEntities.map {
            "the external entity &\($0); was not loaded (Vigie never reads external resources)"
        }
        feed.warnings = repairs + refused + Self.describe(chosen.issues, total: chosen.totalIssues) + feed.warnings
        return feed
    }

    private struct Pass {
        var builder: FeedBuilder
        var issues: [XMLIssue]
        var totalIssues: Int
        var refusedEntities: [String]
        var expansionExceeded = false
    }

    private func runPass(_ utf8: [UInt8], documentURL: String?) -> Pass {
        let builder = FeedBuilder(documentURL: documentURL, limits: limits, scansHTML: scansHTML)
        return utf8.withUnsafeBufferPointer { buffer in
            guard let parser = XMLStreamParser(utf8: buffer, documentURL: documentURL, recover: true, sink: builder)
            else { return Pass(builder: builder, issues: [], totalIssues: 0, refusedEntities: []) }
            parser.run()
            return Pass(
                builder: builder, issues: parser.issues, totalIssues: parser.totalIssues,
                refusedEntities: parser.refusedEntities, expansionExceeded: parser.expansionExceeded)
        }
    }

    /// Entity loops and amplification, excessive depth and oversized text are attacks or garbage, not feeds.
    private func checkLimits(_ pass: Pass) throws(FeedParseError) {
        if pass.expansionExceeded {
            throw FeedParseError(
                code: .limitExceeded,
                message: "refused: entity expansion produced far more text than the document holds (an XML bomb)")
        }
        for issue in pass.issues {
            let isLimit =
                issue.code == Int(XML_ERR_ENTITY_LOOP.rawValue)
                || issue.message.contains("Excessive depth")
                || issue.message.contains("amplification")
                || issue.message.contains("huge input lookup")
                || issue.message.contains("xmlSAX2Characters: huge text node")
                || issue.message.contains("too long")
            if isLimit {
                throw FeedParseError(
                    code: .limitExceeded,
                    message: "refused: line \(issue.line): \(issue.message) (a safety limit of the XML parser)")
            }
        }
    }

    private func notAFeedError(rootName: String?, issues: [XMLIssue], document: [UInt8], url: String?)
        -> FeedParseError
    {
        if let rootName {
            if rootName.lowercased() == "html" { return HTMLDiscovery.error(forPage: document, documentURL: url) }
            return FeedParseError(
                code: .notAFeed,
                message: "not a feed: the root element is <\(rootName)>, not <rss>, <rdf:RDF> or <feed>")
        }
        let reason = issues.first.map { "line \($0.line), column \($0.column): \($0.message)" } ?? "no element found"
        return FeedParseError(code: .unreadable, message: "not a feed: unreadable XML (\(reason))")
    }

    private static func describe(_ issues: [XMLIssue], total: Int) -> [String] {
        let shown = issues.prefix(10).map { "line \($0.line), column \($0.column): \($0.message)" }
        return total > shown.count ? shown + ["… and \(total - shown.count) more XML errors"] : shown
    }

    private static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func quote(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(24), as: UTF8.self)
        return "\"" + text.map { $0.isNewline ? " " : String($0) }.joined() + (bytes.count > 24 ? "…\"" : "\"")
    }
}
