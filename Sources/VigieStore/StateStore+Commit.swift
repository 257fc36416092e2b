import Foundation
internal import GRDB

extension StateStore {
    /// How recent an item's `last_seen` may be for ``commit(_:at:)`` to leave it as it is: one hour.
    ///
    /// A feed fetched every few minutes would otherwise rewrite every one of its items at every poll. The price
    /// is that an item's `last_seen` may lag its feed's last fetch by up to this much, which is why
    /// ``forgetSeenItems(notSeenSince:configuredFeeds:)`` asks for a fetch later than that.
    static let seenRefreshInterval: TimeInterval = 60 * 60

    /// Records a batch of polls in one durable transaction: each feed's state, the items its body carried and its
    /// new alerts; returns the alerts inserted, in the order given.
    ///
    /// For every poll, in order:
    /// - saves `state` whole, as ``save(_:)`` does;
    /// - records each item as seen in `state.url`: an unknown one is inserted, first seen at `date`; a known one
    ///   gets its last sighting set to `date` and its feed to this one, unless it was last seen less than an hour
    ///   before, when it is left as it is (frequent polls of an unchanged feed then write nothing for their
    ///   items; ``forgetSeenItems(notSeenSince:configuredFeeds:)`` allows for that hour);
    /// - inserts its alerts as pending, de-duplicated as by ``record(seen:alerts:at:)``: an alert whose (watch,
    ///   article) already has one, from an earlier call or earlier in this batch, is skipped;
    /// - records where its articles went among the stories (``StoryRecord``), in the same transaction as their
    ///   alerts, an article that has a record keeping it;
    /// - keeps the texts of its new items (``ItemText``), an article already kept keeping its text.
    ///
    /// A sighting is dated `date`, or `state.lastFetched` when that is later (a clock stepped back between the
    /// poll and the commit), so that it is never dated before the fetch that made it.
    ///
    /// All or nothing: new validators (`ETag`, `Last-Modified`) are never stored without the items and alerts of
    /// the body they stand for, whatever instant the process dies at. When any alert of any poll is malformed
    /// (`.invalidAlert`) nothing is written; when a write fails, or an alert reuses another's id, nothing is kept.
    /// One commit, one sync to disk, however many feeds: then deliver with ``AlertDelivery/flush(at:)``.
    public func commit(_ polls: [FeedPollRecord], at date: Date) throws -> [PendingAlert] {
        for poll in polls {
            for alert in poll.alerts {
                try alert.validate(path: path)
            }
        }
        let count = polls.count
        return try withState("commit the polls of \(count == 1 ? "1 feed" : "\(count) feeds")") {
            try pool.write { db in
                var inserted: [PendingAlert] = []
                for poll in polls {
                    try Self.upsert(poll.state, db)
                    let seenAt = max(date, poll.state.lastFetched ?? date)
                    try Self.markSeen(
                        poll.items.lazy.map { ($0.articleKey, poll.state.url) }, firstSeen: date, lastSeen: seenAt,
                        refresh: true, db
                    )
                    inserted += try Self.insertPending(poll.alerts, at: date, db)
                    try Self.insertStories(poll.stories, db)
                    try Self.insertTexts(poll.texts, db)
                }
                return inserted
            }
        }
    }

    /// Inserts each (article key, feed URL) as seen; a known key is refreshed to `lastSeen` and its feed when
    /// `refresh` is set and it was last seen more than ``seenRefreshInterval`` before, else left as it is.
    static func markSeen(
        _ items: some Sequence<(String, String)>, firstSeen: Date, lastSeen: Date, refresh: Bool,
        _ db: Database
    ) throws {
        let statement: Statement
        if refresh {
            statement = try db.cachedStatement(
                sql: """
                    INSERT INTO seen_items (article_key, feed_url, first_seen, last_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT (article_key) DO UPDATE SET last_seen = excluded.last_seen, feed_url = excluded.feed_url
                    WHERE seen_items.last_seen < ?
                    """
            )
        } else {
            statement = try db.cachedStatement(
                sql: """
                    INSERT INTO seen_items (article_key, feed_url, first_seen, last_seen) VALUES (?, ?, ?, ?)
                    ON CONFLICT (article_key) DO NOTHING
                    """
            )
        }
        // Dates are formatted once, not once per item: formatting dominates the cost of a statement.
        let (first, last) = (firstSeen.databaseValue, lastSeen.databaseValue)
        let stale = lastSeen.addingTimeInterval(-seenRefreshInterval).databaseValue
        for (key, feed) in items {
            if refresh {
                try statement.execute(arguments: [key, feed, first, last, stale])
            } else {
                try statement.execute(arguments: [key, feed, first, last])
            }
        }
    }

    /// Inserts `alerts` as pending at `date`, skipping those whose (watch, article key) has an alert; returns
    /// those inserted, in order.
    static func insertPending(_ alerts: [NewAlert], at date: Date, _ db: Database) throws -> [PendingAlert] {
        guard !alerts.isEmpty else { return [] }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO alerts (alert_id, watch, article_key, line, state, created)
                VALUES (?, ?, ?, ?, 'pending', ?)
                ON CONFLICT (watch, article_key) DO NOTHING
                """
        )
        let delivery = try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (alert_id, sink, state, next_attempt, created) VALUES (?, ?, 'pending', ?, ?)
                ON CONFLICT (alert_id, sink) DO NOTHING
                """
        )
        let created = date.databaseValue
        var inserted: [PendingAlert] = []
        for alert in alerts {
            try statement.execute(arguments: [alert.alertID, alert.watch, alert.articleKey, alert.line, created])
            if db.changesCount == 1 {
                // The outbox: each of its sinks' deliveries, in the same transaction as the alert.
                for sink in alert.sinks { try delivery.execute(arguments: [alert.alertID, sink, created, created]) }
                inserted.append(
                    PendingAlert(
                        alertID: alert.alertID, watch: alert.watch, articleKey: alert.articleKey, line: alert.line,
                        created: date))
            }
        }
        return inserted
    }
}
