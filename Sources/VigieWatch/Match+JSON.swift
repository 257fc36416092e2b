import VigieJSON

extension Match {
    /// The match as one JSON object, keys in this order: `item`, `watch`, `level`, `entities`, `terms`, `fields`,
    /// `score`, `snippet`.
    public var json: JSONValue {
        .object([
            ("item", .string(itemID)),
            ("watch", .string(watch)),
            ("level", .string(level.rawValue)),
            ("entities", .array(entities.map(JSONValue.string))),
            ("terms", .array(terms.map(JSONValue.string))),
            ("fields", .array(fields.map { .string($0.rawValue) })),
            ("score", .int(score)),
            ("snippet", .string(snippet)),
        ])
    }
}
