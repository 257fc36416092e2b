import Foundation
import VigieFeeds
import VigieJSON
import VigieWatch

/// The JSON line of one alert in the alert log (the schema the README documents; keys always present, in this
/// order, `null` when absent).
public enum AlertRecord {
    /// The line for `match` on `item` of `feed`, detected at `time`.
    public static func line(
        alertID: String, match: Match, item: FeedItem, feedURL: String, feedTitle: String?, articleKey: String,
        time: Date
    ) -> String {
        JSONValue.object([
            ("time", .string(DateParser.rfc3339(time))),
            ("alert_id", .string(alertID)),
            ("watch", .string(match.watch)),
            ("level", .string(match.level.rawValue)),
            ("title", .optional(item.title)),
            ("link", .optional(item.link)),
            ("id", .string(item.id)),
            ("key", .string(articleKey)),
            ("published", .optional((item.published ?? item.updated).map(DateParser.rfc3339))),
            ("feed", .string(feedURL)),
            ("feed_title", .optional(feedTitle)),
            ("entities", .array(match.entities.map(JSONValue.string))),
            ("terms", .array(match.terms.map(JSONValue.string))),
            ("fields", .array(match.fields.map { .string($0.rawValue) })),
            ("snippet", .string(match.snippet)),
            ("score", .int(match.score)),
        ]).serialized
    }
}
