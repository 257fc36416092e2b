/// A watch that fired on an item: what an alert says.
public struct Match: Sendable, Equatable {
    /// The item's identifier.
    public var itemID: String
    /// The watch's name.
    public var watch: String
    /// The watch's level.
    public var level: WatchLevel
    /// The canonical names of the entities found (with their context, where needed), in order of first occurrence.
    public var entities: [String]
    /// The terms that made the watch fire, as they appear in the item's text (`IBM`, `A.I. Alliance`), each once,
    /// in text order (title first).
    public var terms: [String]
    /// The fields those terms were found in, in item order (title, summary, content).
    public var fields: [WatchField]
    /// How strong the evidence is: each distinct term scores its best field's weight (title 3, summary 2,
    /// content 1), and each distinct context term found adds 1.
    public var score: Int
    /// At most 240 characters of the original text around the strongest term (the first one in the weightiest
    /// field), cut at word boundaries, with `…` where text was left out.
    public var snippet: String

    /// Creates a match.
    public init(
        itemID: String, watch: String, level: WatchLevel, entities: [String], terms: [String], fields: [WatchField],
        score: Int, snippet: String
    ) {
        self.itemID = itemID
        self.watch = watch
        self.level = level
        self.entities = entities
        self.terms = terms
        self.fields = fields
        self.score = score
        self.snippet = snippet
    }
}
