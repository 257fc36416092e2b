/// The bytes of a document turned into UTF-8, and what was learned doing it.
///
/// Produced by `DocumentDecoder.decode(_:charset:)`. `utf8` can be handed to an XML or JSON parser as is: it is valid
/// UTF-8, has no byte order mark and contains no character XML 1.0 forbids.
struct DecodedDocument: Sendable, Equatable {
    /// The text as valid UTF-8: byte order mark removed, no character XML 1.0 forbids.
    var utf8: [UInt8]
    /// The encoding actually used, by its canonical name: "UTF-8", "windows-1252", "UTF-16LE", "KOI8-R"…
    var encoding: String
    /// The `encoding="…"` of the document's XML declaration, as written, if there is one.
    var declared: String?
    /// Human-readable notes on what was wrong and how it was repaired; empty for a clean document.
    var warnings: [String]
}
