/// The XML vocabularies the feed parser understands, identified by namespace URI.
enum FeedNamespace: Sendable, Equatable {
    /// No namespace: RSS 0.9x/2.0 elements, and Atom 0.3 written without its namespace.
    case none
    /// RSS 1.0 (`http://purl.org/rss/1.0/`).
    case rss10
    /// RSS 0.90 (`http://my.netscape.com/rdf/simple/0.9/`).
    case rss090
    /// A namespace some RSS 2.0 feeds put on their own elements (UserLand's and Harvard's RSS 2.0 URIs).
    case rss20
    /// Atom 1.0 (`http://www.w3.org/2005/Atom`).
    case atom10
    /// Atom 0.3 (`http://purl.org/atom/ns#`).
    case atom03
    /// Dublin Core elements (`http://purl.org/dc/elements/1.1/`).
    case dc
    /// Dublin Core terms (`http://purl.org/dc/terms/`).
    case dcterms
    /// RSS 1.0 content module (`content:encoded`).
    case content
    /// Media RSS (`media:group`, `media:description`).
    case media
    /// RDF syntax (`rdf:RDF`, `rdf:about`).
    case rdf
    /// RSS 1.0 syndication module (`sy:updatePeriod`).
    case syndication
    /// Apple's podcast tags.
    case itunes
    /// XHTML, inside Atom `type="xhtml"` content.
    case xhtml
    /// Any other namespace: an extension the parser ignores.
    case other

    /// The namespace a URI names. Trailing-slash and `#` variants seen in the wild are accepted.
    init(uri: String?) {
        guard let uri else {
            self = .none
            return
        }
        switch uri {
        case "http://purl.org/rss/1.0/": self = .rss10
        case "http://my.netscape.com/rdf/simple/0.9/": self = .rss090
        case "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss",
            "http://backend.userland.com/rss", "http://purl.org/net/rss1.1#":
            self = .rss20
        case "http://www.w3.org/2005/Atom", "http://www.w3.org/2005/Atom/": self = .atom10
        case "http://purl.org/atom/ns#", "http://purl.org/atom/ns",
            "http://purl.org/atom/ns#draft-ietf-atompub-format-08":
            self = .atom03
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/elements/1.0/", "http://purl.org/dc/elements/1.1":
            self = .dc
        case "http://purl.org/dc/terms/": self = .dcterms
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss", "http://tools.search.yahoo.com/mrss/":
            self = .media
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": self = .rdf
        case "http://purl.org/rss/1.0/modules/syndication/": self = .syndication
        case "http://www.itunes.com/dtds/podcast-1.0.dtd", "http://www.itunes.com/DTDs/Podcast-1.0.dtd": self = .itunes
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        default: self = .other
        }
    }
}
