import Foundation

/// Finds the feeds a web site offers, for `vigie feeds discover`: the ones a page announces, the usual places to
/// try, and each found feed written as a ready `[[feed]]` table.
///
/// Pure: bytes and URLs in, URLs and text out. Fetching the candidates and telling which ones are feeds (by parsing
/// them with ``FeedParser``, never by their URL or content type) is the caller's part.
public enum FeedDiscovery {
    /// A URL worth fetching to look for a feed.
    public struct Candidate: Sendable, Hashable {
        /// The absolute URL to fetch.
        public var url: String
        /// Whether the page announced it (`<link rel="alternate">`); `false` for a usual path tried on the site.
        public var announced: Bool

        /// Creates a candidate.
        public init(url: String, announced: Bool) {
            self.url = url
            self.announced = announced
        }
    }

    /// The paths where sites usually serve their feed, tried from the site's root: WordPress (`/feed`, `/feed/`,
    /// `/?feed=rss2`), Hugo (`/index.xml`), Jekyll (`/feed.xml`), Blogger (`/feeds/posts/default`), and others.
    public static let usualPaths = [
        "/feed", "/feed/", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/feeds/posts/default",
        "/?feed=rss2",
    ]

    /// The RSS, Atom and JSON feeds an HTML page announces with `<link rel="alternate" type="…" href="…">`, in
    /// document order, each once.
    ///
    /// Each `href` is resolved against the page's `<base href>` when it has one before the link, else against
    /// `pageURL` (left relative when `pageURL` is `nil`). The types that count are those of
    /// ``isFeedMediaType(_:)``; other alternates (translations, print versions, oEmbed) are left out.
    ///
    /// - Parameters:
    ///   - page: the page as received.
    ///   - pageURL: where the page came from (after redirects).
    ///   - charset: the charset the transport declared, if any.
    public static func announcedFeeds(inPage page: [UInt8], pageURL: String?, charset: String? = nil) -> [String] {
        let decoded = DocumentDecoder.decode(page, charset: charset)
        return HTMLDiscovery.alternates(in: decoded.utf8, documentURL: pageURL, plainJSON: true)
    }

    /// The usual feed locations on the site of `pageURL`: ``usualPaths`` from the site's root, then the page's own
    /// folder followed by `feed/` (WordPress serves a category's or a tag's feed there: `/topics/ai/feed/` for
    /// `/topics/ai/`), each once.
    ///
    /// The page's query and fragment are left out; a last path segment with a dot in it (`index.html`) is a file,
    /// so its folder is taken. Empty for a URL that is not `http` or `https`, since only a web site has a root to
    /// try paths on.
    public static func conventionalPaths(for pageURL: String) -> [String] {
        guard let site = SiteURL(pageURL) else { return [] }
        var paths: [String] = []
        for path in usualPaths { paths.appendUnique(site.origin + path) }
        var folder = site.path
        if let lastSlash = folder.lastIndex(of: "/") {
            let lastSegment = folder[folder.index(after: lastSlash)...]
            if lastSegment.contains(".") { folder = String(folder[...lastSlash]) }
        }
        if !folder.hasSuffix("/") { folder += "/" }
        paths.appendUnique(site.origin + folder + "feed/")
        return paths
    }

    /// Every URL to try for a page, each once: the announced feeds first, in document order, then the
    /// ``conventionalPaths(for:)`` not already announced.
    public static func candidates(inPage page: [UInt8], pageURL: String, charset: String? = nil) -> [Candidate] {
        var seen: Set<String> = []
        var found: [Candidate] = []
        for url in announcedFeeds(inPage: page, pageURL: pageURL, charset: charset) where seen.insert(url).inserted {
            found.append(Candidate(url: url, announced: true))
        }
        for url in conventionalPaths(for: pageURL) where seen.insert(url).inserted {
            found.append(Candidate(url: url, announced: false))
        }
        return found
    }

    /// Whether a `<link>` of this `type` announces a feed: `application/rss+xml`, `application/atom+xml`,
    /// `application/feed+json` or `application/json` (JSON Feed 1.0's type), in any case, with or without
    /// parameters, `x-` subtypes and `text/` for `application/` accepted (`text/rss+xml`, `application/x-atom+xml`).
    public static func isFeedMediaType(_ type: String) -> Bool {
        feedSubtype(type).map { $0 == "json" || feedOnlySubtypes.contains($0) } ?? false
    }

    /// Whether `type` names a feed and nothing else: ``isFeedMediaType(_:)`` without `application/json`, which
    /// pages also give their REST API (WordPress does).
    static func isFeedOnlyMediaType(_ type: String) -> Bool {
        feedSubtype(type).map(feedOnlySubtypes.contains) ?? false
    }

    private static let feedOnlySubtypes: Set<Substring> = ["rss+xml", "atom+xml", "feed+json"]

    /// The subtype of an `application/` or `text/` media type, lower-cased, without parameters or `x-`.
    private static func feedSubtype(_ type: String) -> Substring? {
        let essence = type.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = String(essence).trimmingASCIIWhitespace().lowercased().split(separator: "/")
        guard parts.count == 2, parts[0] == "application" || parts[0] == "text" else { return nil }
        let subtype = parts[1]
        return subtype.hasPrefix("x-") ? subtype.dropFirst(2) : subtype
    }

    /// A `[[feed]]` table for `vigie.toml`, ending with a newline: the URL, the feed's title as `name` (no `name`
    /// line when the feed has no title), and a comment with the format, the item count and the newest item's date:
    ///
    /// ```toml
    /// [[feed]]
    /// url = "https://example.org/feed.xml"
    /// name = "Example News"
    /// # RSS 2.0, 25 items, newest 2026-12-06
    /// ```
    public static func configTable(url: String, feed: Feed) -> String {
        var lines = ["[[feed]]", "url = \(tomlString(url))"]
        if let title = feed.title, !title.isEmpty { lines.append("name = \(tomlString(title))") }
        lines.append("# \(summary(of: feed))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line about a feed: its format's name, its item count and its newest item's date (UTC), as in
    /// `RSS 2.0, 25 items, newest 2026-12-06`; the date left out when no item has one.
    public static func summary(of feed: Feed) -> String {
        var parts = [formatName(feed.format), feed.items.count == 1 ? "1 item" : "\(feed.items.count) items"]
        if let newest = feed.items.compactMap({ $0.published ?? $0.updated }).max() {
            parts.append("newest \(DateParser.rfc3339(newest).prefix(10))")
        }
        return parts.joined(separator: ", ")
    }

    /// A format's usual name: `RSS 2.0`, `Atom 1.0`, `JSON Feed 1.1`…
    public static func formatName(_ format: FeedFormat) -> String {
        switch format {
        case .rss090: return "RSS 0.90"
        case .rss091n: return "RSS 0.91 (Netscape)"
        case .rss091u: return "RSS 0.91 (UserLand)"
        case .rss092: return "RSS 0.92"
        case .rss093: return "RSS 0.93"
        case .rss094: return "RSS 0.94"
        case .rss10: return "RSS 1.0"
        case .rss20: return "RSS 2.0"
        case .rss: return "RSS"
        case .atom03: return "Atom 0.3"
        case .atom10: return "Atom 1.0"
        case .json10: return "JSON Feed 1.0"
        case .json11: return "JSON Feed 1.1"
        }
    }

    /// `text` as a TOML basic string, quotes included: `"` and `\` escaped, control characters (and DEL) as
    /// escapes, everything else as written.
    public static func tomlString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

/// The parts of an `http` or `https` URL that feed discovery needs: its origin and its path.
private struct SiteURL {
    /// `scheme://authority`, the scheme lower-cased, e.g. `https://example.org:8443`.
    var origin: String
    /// The path, `/` when empty, without query or fragment.
    var path: String

    init?(_ url: String) {
        let trimmed = url.trimmingASCIIWhitespace()
        guard let schemeEnd = trimmed.range(of: "://") else { return nil }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = trimmed[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        let path = rest[authority.endIndex...].prefix { $0 != "?" && $0 != "#" }
        origin = scheme + "://" + authority
        self.path = path.isEmpty ? "/" : String(path)
    }
}
