import Foundation
internal import GRDB

extension StateStore {
    /// How long the daemon keeps a seen item after its feed stopped carrying it: 90 days.
    ///
    /// Pass `now - defaultSeenRetention` to ``forgetSeenItems(notSeenSince:configuredFeeds:)``.
    public static let defaultSeenRetention: TimeInterval = 90 * 24 * 60 * 60

    /// Forgets the seen items that left their feed before `cutoff`, and those of feeds no longer configured;
    /// returns how many. Alerts are kept for ever.
    ///
    /// An item is forgotten only when it was last seen before `cutoff` and either the feed it was last seen in
    /// sent a body since then without it (the feed's ``FeedState/lastFetched`` is more than an hour after the
    /// item's last sighting, the hour ``commit(_:at:)`` may leave a sighting unrefreshed), or that feed is not in
    /// `configuredFeeds` or has no stored state. An item still in its feed is never forgotten, however long its
    /// feed answers 304: the feed's last body carried it, and no later body exists. So a feed that never sends a
    /// body again keeps its items, and the table holds, per feed, the items of its last body and those that left
    /// it within the retention (``defaultSeenRetention``, 90 days, for the daemon).
    ///
    /// The edge case: an article carried by two feeds is tracked in the one it was last seen in. When that feed
    /// drops it while the other still carries it but answers 304 for longer than the retention, it is forgotten;
    /// when the other feed next sends a body, the article counts as new. No watch that alerted on it alerts again
    /// (the alerts table keeps every (watch, article) for ever), but a watch added since may.
    public func forgetSeenItems(notSeenSince cutoff: Date, configuredFeeds: Set<String>) throws -> Int {
        let configured = try Self.jsonArray(configuredFeeds, path: path)
        return try withState("forget old seen items") {
            try pool.write { db in
                // A feed row protects an item unless it records a fetch later than the item's last sighting.
                try db.execute(
                    sql: """
                        DELETE FROM seen_items
                        WHERE last_seen < ?
                            AND (feed_url NOT IN (SELECT value FROM json_each(?))
                                OR NOT EXISTS (
                                    SELECT 1 FROM feeds
                                    WHERE feeds.url = seen_items.feed_url
                                        AND (feeds.last_fetched IS NULL
                                            OR (julianday(feeds.last_fetched) - julianday(seen_items.last_seen))
                                                * 86400 <= ?)))
                        """,
                    arguments: [cutoff, configured, Self.seenRefreshInterval]
                )
                return db.changesCount
            }
        }
    }

    /// How many seen items the state remembers (for tests, diagnostics and the operator's status).
    public func seenItemCount() throws -> Int {
        try withState("count the seen items") {
            try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seen_items") ?? 0 }
        }
    }

    /// Deletes the stored states of the feeds whose URL is not in `configured` (feeds removed from the config);
    /// returns how many. Their seen items stay until ``forgetSeenItems(notSeenSince:configuredFeeds:)``, their
    /// alerts for ever; a feed added back starts afresh (the backlog rule applies to its first poll).
    public func deleteFeedStates(notIn configured: Set<String>) throws -> Int {
        let configured = try Self.jsonArray(configured, path: path)
        return try withState("delete the states of feeds no longer configured") {
            try pool.write { db in
                try db.execute(
                    sql: "DELETE FROM feeds WHERE url NOT IN (SELECT value FROM json_each(?))",
                    arguments: [configured]
                )
                return db.changesCount
            }
        }
    }

    /// `strings` as one JSON array, bound as a single argument and read back with `json_each`: a set of any
    /// size in one statement, without SQLite's limit on bound values.
    private static func jsonArray(_ strings: Set<String>, path: String) throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(strings.sorted()), as: UTF8.self)
        } catch {
            throw StoreError(
                code: .stateFailed, message: "\(path): cannot encode the configured feeds: \(error)", path: path,
                underlying: error)
        }
    }
}
