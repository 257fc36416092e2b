/// A term to look for: a word or phrase as a user writes it, with its options.
///
/// In a watchlist a phrase is a string (`"open weights"`) or a table with options
/// (`{ text = "Intel", case_sensitive = true }`). It is normalised like item text (see ``TextNormalizer``), so
/// `"A.I. Alliance"`, `"AI-Alliance"` and `"ai alliance"` are the same phrase unless it is case-sensitive.
public struct Phrase: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The phrase as written.
    public var text: String
    /// Whether letter case must match (after accent and Unicode folding): `Intel` but not `intel`. In a field
    /// written all in capitals, case is ignored even so.
    public var caseSensitive: Bool
    /// Whether an occurrence needs a context term nearby (`nil`: as its entity or watch says).
    public var needsContext: Bool?
    /// Whether the phrase may match part of a compound of words (`AI` in `AI-powered`, never in a code such as
    /// `AI-301DA`); `nil`: only context terms do.
    public var matchesInsideCompounds: Bool?
    /// For an `except` phrase: the exception does not hold where the watch's context supports the occurrence
    /// inside it (a name some outlets use loosely for the watched organisation, "Global AI Alliance", is that
    /// organisation when its founders are named next to it).
    public var unlessContext: Bool

    /// Creates a phrase.
    public init(
        _ text: String, caseSensitive: Bool = false, needsContext: Bool? = nil, matchesInsideCompounds: Bool? = nil,
        unlessContext: Bool = false
    ) {
        self.text = text
        self.caseSensitive = caseSensitive
        self.needsContext = needsContext
        self.matchesInsideCompounds = matchesInsideCompounds
        self.unlessContext = unlessContext
    }

    /// Creates a case-insensitive phrase from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}
