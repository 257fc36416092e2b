import Foundation
import VigieFeeds
import VigieJSON
import VigieStories
import VigieWatch

/// The JSON line of one alert in the alert log: one per item, naming every watch that fired on it (the schema the
/// README documents; keys always present, in this order, `null` when absent).
public enum AlertRecord {
    /// The line for the watches that fired on `item` of `feed` (`matches`, at least one, in watchlist order),
    /// detected at `time`.
    ///
    /// `watch` and `level` name the strongest watch (the most urgent level, the first in the watchlist among
    /// equals), so recipes written for one line per watch keep working; `watches` names every watch that fired,
    /// strongest first, then in watchlist order; `entities`, `terms` and `fields` are the union over the watches
    /// (each once: entities and terms in watchlist order, then each watch's own order; fields in item order);
    /// `snippet` is the strongest watch's and `score` the highest. `story` is the story the article opened
    /// (`kind` `"story"`, `story_alert_id` its own `alert_id`) or joined (`"coverage"`, the `alert_id` of the
    /// story's first alert).
    public static func line(
        alertID: String, matches: [Match], item: FeedItem, feedURL: String, feedTitle: String?, articleKey: String,
        story: StoryAssignment, time: Date
    ) -> String {
        let ranked = strongestFirst(matches)
        let strongest = ranked[0]
        let entities = Match.entities(of: matches)
        var terms: [String] = []
        for match in matches {
            for term in match.terms where !terms.contains(term) { terms.append(term) }
        }
        let fields = WatchField.allCases.filter { field in matches.contains { $0.fields.contains(field) } }
        return JSONValue.object([
            ("time", .string(DateParser.rfc3339(time))),
            ("alert_id", .string(alertID)),
            ("watch", .string(strongest.watch)),
            ("level", .string(strongest.level.rawValue)),
            ("watches", .array(ranked.map { .string($0.watch) })),
            ("story", .string(story.story)),
            ("kind", .string(story.kind.rawValue)),
            ("story_alert_id", .string(story.openerTag.isEmpty ? alertID : story.openerTag)),
            ("title", .optional(item.title)),
            ("link", .optional(item.link)),
            ("id", .string(item.id)),
            ("key", .string(articleKey)),
            ("published", .optional((item.published ?? item.updated).map(DateParser.rfc3339))),
            ("feed", .string(feedURL)),
            ("feed_title", .optional(feedTitle)),
            ("entities", .array(entities.map(JSONValue.string))),
            ("terms", .array(terms.map(JSONValue.string))),
            ("fields", .array(fields.map { .string($0.rawValue) })),
            ("snippet", .string(strongest.snippet)),
            ("score", .int(matches.map(\.score).max() ?? 0)),
        ]).serialized
    }

    /// `matches` with the most urgent level first (`alert`, `warning`, `notice`, `info`), in watchlist order among
    /// equals.
    public static func strongestFirst(_ matches: [Match]) -> [Match] {
        let rank = Dictionary(uniqueKeysWithValues: WatchLevel.allCases.enumerated().map { ($1, $0) })
        return matches.enumerated().sorted { a, b in
            let (left, right) = (rank[a.element.level] ?? 0, rank[b.element.level] ?? 0)
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
    }
}
