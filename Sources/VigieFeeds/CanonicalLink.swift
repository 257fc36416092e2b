import Foundation

/// The identity of an article across feeds and restarts: its link in a canonical form, or its id (see
/// ``FeedItem/articleKey(feedURL:)``).
///
/// Canonical form: scheme and host lower-cased, the default port (80 for http, 443 for https) dropped, an empty path
/// made `/`, the fragment removed, and tracking parameters removed from the query (`utm_*`, `fbclid`, `gclid`,
/// `dclid`, `gbraid`, `wbraid`, `msclkid`, `yclid`, `mc_cid`, `mc_eid`, `igshid`, `_hsenc`, `_hsmi`, `mkt_tok`);
/// other parameters keep their order and spelling. Everything else (path case, percent-encoding, `www.`) is kept: a
/// different URL may be a different article.
public enum CanonicalLink {
    /// The canonical form of an http(s) URL, or `nil` for anything else (relative, `mailto:`, garbage).
    public static func canonical(_ link: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = trimmed.range(of: "://") else { return nil }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = Substring(trimmed[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd].lowercased()
        guard !authority.isEmpty else { return nil }
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        let defaultPort = scheme == "http" ? ":80" : ":443"
        if authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        var path = String(rest[authorityEnd...])
        var query = ""
        if let questionMark = path.firstIndex(of: "?") {
            query = String(path[path.index(after: questionMark)...])
            path = String(path[..<questionMark])
        }
        if path.isEmpty { path = "/" }
        let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { parameter in
            let name = parameter.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return !isTracking(name)
        }
        return scheme + "://" + authority + path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// The key an item is de-duplicated by: its canonical link; else its id when the id is globally unique (it has
    /// a scheme, like `tag:`, `urn:` or a URL); else the feed URL, `#`, and the id (ids such as `42` are only unique
    /// within their feed).
    public static func articleKey(link: String?, id: String, feedURL: String) -> String {
        if let link, let canonical = canonical(link) { return canonical }
        if let colon = id.firstIndex(of: ":"), id[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" }),
            colon != id.startIndex
        {
            return canonical(id) ?? id
        }
        return feedURL + "#" + id
    }

    private static let trackingNames: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_hsenc",
        "_hsmi", "mkt_tok",
    ]

    private static func isTracking(_ name: String) -> Bool {
        name.hasPrefix("utm_") || trackingNames.contains(name)
    }
}
