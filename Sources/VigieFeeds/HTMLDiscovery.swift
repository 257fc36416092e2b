import CLibXML2
import Glibc

/// Recognises HTML pages handed over as feeds and finds the feeds they announce
/// (`<link rel="alternate" type="application/rss+xml" href="…">`), so the error can tell the user what to poll.
enum HTMLDiscovery {
    /// Whether the document (starting at its first `<`) is an HTML page: its first element is `<html>`, after any
    /// XML declaration, comments and DOCTYPE. (A feed behind an HTML DOCTYPE is still a feed.)
    static func looksLikeHTML(_ document: ArraySlice<UInt8>) -> Bool {
        var rest = document
        while true {
            while let first = rest.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D {
                rest = rest.dropFirst()
            }
            let terminator: [UInt8]
            if hasPrefix(rest, "<?") {
                terminator = Array("?>".utf8)
            } else if hasPrefix(rest, "<!--") {
                terminator = Array("-->".utf8)
            } else if hasPrefix(rest, "<!doctype") {
                terminator = Array(">".utf8)
            } else {
                return hasPrefix(rest, "<html")
            }
            guard let end = range(of: terminator, in: rest) else { return false }
            rest = rest[end...]
        }
    }

    /// The error for an HTML page, naming the feeds it announces.
    static func error(forPage page: [UInt8], documentURL: String?) -> FeedParseError {
        let feeds = alternates(in: page, documentURL: documentURL)
        if feeds.isEmpty {
            return FeedParseError(
                code: .htmlPage, message: "not a feed: this is an HTML page, and it announces no feed")
        }
        return FeedParseError(
            code: .htmlPage,
            message: "not a feed: this is an HTML page; it announces \(feeds.joined(separator: ", "))",
            alternates: feeds)
    }

    /// The absolute URLs of the RSS, Atom and JSON feeds an HTML page links to, in document order.
    ///
    /// `page` is UTF-8. With `plainJSON`, links typed `application/json` count too (JSON Feed 1.0's type, which
    /// pages also give their REST API: WordPress does): feed discovery takes them, as it checks each by parsing;
    /// the not-a-feed message leaves them out, naming only what is surely a feed.
    static func alternates(in page: [UInt8], documentURL: String?, plainJSON: Bool = false) -> [String] {
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue)
        let parsed = page.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                htmlReadMemory($0.baseAddress, Int32(clamping: $0.count), documentURL, "UTF-8", options)
            }
        }
        guard let document = parsed else { return [] }
        defer { xmlFreeDoc(document) }
        var base = documentURL
        var found: [String] = []
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { stack.append(root) }
        while let node = stack.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name {
                switch String(cString: name).lowercased() {
                case "base":
                    if let href = attribute(node, "href") { base = URIResolver.resolve(href, against: base) }
                case "link":
                    let relation = attribute(node, "rel")?.lowercased().split(separator: " ") ?? []
                    let type = attribute(node, "type") ?? ""
                    let isFeedType =
                        plainJSON ? FeedDiscovery.isFeedMediaType(type) : FeedDiscovery.isFeedOnlyMediaType(type)
                    if relation.contains("alternate"), isFeedType, let href = attribute(node, "href") {
                        found.appendUnique(URIResolver.resolve(href, against: base))
                    }
                default: break
                }
            }
            // Children pushed in reverse so they pop in document order.
            var children: [xmlNodePtr] = []
            var child = node.pointee.children
            while let current = child {
                children.append(current)
                child = current.pointee.next
            }
            stack.append(contentsOf: children.reversed())
        }
        return found
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    private static func hasPrefix(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let expected = Array(prefix.utf8)
        guard bytes.count >= expected.count else { return false }
        return zip(bytes, expected).allSatisfy { ($0 | 0x20) == ($1 | 0x20) || $0 == $1 }
    }

    private static func range(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index + needle.count }
            index += 1
        }
        return nil
    }
}
