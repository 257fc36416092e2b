import VigieJSON

/// The JSON form `vigie parse --json` prints, a contract other tools rely on (see the README):
/// `{"format", "title", "link", "language", "updated", "warnings": [..], "items": [{"id", "title", "link",
/// "published", "updated", "authors": [..], "categories": [..], "summary", "content"}]}`, keys in that order.
/// Absent values are `null`, dates are RFC 3339 UTC strings.
extension Feed {
    /// The feed in the documented JSON shape.
    public var json: JSONValue {
        .object([
            ("format", .string(format.rawValue)),
            ("title", .optional(title)),
            ("link", .optional(link)),
            ("language", .optional(language)),
            ("updated", .optional(updated.map(DateParser.rfc3339))),
            ("warnings", .array(warnings.map(JSONValue.string))),
            ("items", .array(items.map(\.json))),
        ])
    }
}

extension FeedItem {
    /// The item in the documented JSON shape.
    public var json: JSONValue {
        .object([
            ("id", .string(id)),
            ("title", .optional(title)),
            ("link", .optional(link)),
            ("published", .optional(published.map(DateParser.rfc3339))),
            ("updated", .optional(updated.map(DateParser.rfc3339))),
            ("authors", .array(authors.map(JSONValue.string))),
            ("categories", .array(categories.map(JSONValue.string))),
            ("summary", .optional(summary)),
            ("content", .optional(content)),
        ])
    }
}
