/// The syndication format of a document, detected from its content (never from a file name or content type).
///
/// The raw values are the ones `vigie parse --json` prints; they follow feedparser's names where it has one.
public enum FeedFormat: String, Sendable, Equatable, CaseIterable, Codable {
    /// RSS 0.90 (RDF, Netscape's first version).
    case rss090
    /// RSS 0.91, Netscape's flavour (declares Netscape's DTD).
    case rss091n
    /// RSS 0.91, UserLand's flavour.
    case rss091u
    /// RSS 0.92.
    case rss092
    /// RSS 0.93.
    case rss093
    /// RSS 0.94.
    case rss094
    /// RSS 1.0 (RDF; items beside the channel).
    case rss10
    /// RSS 2.0 (also 2.0.1 and 2.01).
    case rss20
    /// An `<rss>` document whose version is missing or unknown, read as RSS 2.0.
    case rss
    /// Atom 0.3 (with or without its namespace).
    case atom03
    /// Atom 1.0 (RFC 4287).
    case atom10
    /// JSON Feed 1.0.
    case json10
    /// JSON Feed 1.1.
    case json11
}
