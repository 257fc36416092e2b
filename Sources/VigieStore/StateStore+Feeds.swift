import Foundation
internal import GRDB

extension StateStore {
    /// The stored state of the feed configured as `url`, or `nil` for a feed never saved.
    public func feedState(url: String) throws -> FeedState? {
        try withState("read the state of \(url)") {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM feeds WHERE url = ?", arguments: [url]).map(Self.feedState)
            }
        }
    }

    /// Every stored feed state, ordered by URL.
    ///
    /// Feeds removed from the config stay here until ``deleteFeedStates(notIn:)`` removes them.
    public func allFeedStates() throws -> [FeedState] {
        try withState("read the feeds' states") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM feeds ORDER BY url").map(Self.feedState)
            }
        }
    }

    /// Saves `state` whole, inserting or replacing the row of `state.url`, in a transaction of its own.
    ///
    /// After a poll that fetched a body, prefer ``commit(_:at:)``: it saves the state together with the poll's
    /// items and alerts, so that new validators are never stored without the items they stand for.
    public func save(_ state: FeedState) throws {
        try withState("save the state of \(state.url)") {
            try pool.write { db in try Self.upsert(state, db) }
        }
    }

    /// Inserts or replaces the row of `state.url` with every field of `state`.
    static func upsert(_ state: FeedState, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO feeds (url, current_url, etag, last_modified, last_status, last_error,
                    consecutive_failures, next_poll, first_polled, last_polled, last_fetched, gone,
                    last_new_item, items_seen, missed_polls, missed_streak, health, health_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET
                    current_url = excluded.current_url, etag = excluded.etag,
                    last_modified = excluded.last_modified, last_status = excluded.last_status,
                    last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
                    next_poll = excluded.next_poll, first_polled = excluded.first_polled,
                    last_polled = excluded.last_polled, last_fetched = excluded.last_fetched, gone = excluded.gone,
                    last_new_item = excluded.last_new_item, items_seen = excluded.items_seen,
                    missed_polls = excluded.missed_polls, missed_streak = excluded.missed_streak,
                    health = excluded.health, health_since = excluded.health_since
                """
        )
        try statement.execute(arguments: [
            state.url, state.currentURL, state.etag, state.lastModified, state.lastStatus?.rawValue,
            state.lastError, state.consecutiveFailures, state.nextPoll, state.firstPolled, state.lastPolled,
            state.lastFetched, state.gone, state.lastNewItem, state.itemsSeen, state.missedPolls,
            state.missedStreak, state.health.rawValue, state.healthSince,
        ])
    }

    /// A feed state from a `feeds` row; an unknown status (written by hand) reads as `nil`.
    private static func feedState(_ row: Row) -> FeedState {
        FeedState(
            url: row["url"],
            currentURL: row["current_url"],
            etag: row["etag"],
            lastModified: row["last_modified"],
            lastStatus: (row["last_status"] as String?).flatMap(FeedState.Status.init(rawValue:)),
            lastError: row["last_error"],
            consecutiveFailures: row["consecutive_failures"],
            nextPoll: row["next_poll"],
            firstPolled: row["first_polled"],
            lastPolled: row["last_polled"],
            lastFetched: row["last_fetched"],
            gone: row["gone"],
            lastNewItem: row["last_new_item"],
            itemsSeen: row["items_seen"],
            missedPolls: row["missed_polls"],
            missedStreak: row["missed_streak"],
            health: (row["health"] as String?).flatMap(FeedState.Health.init(rawValue:)) ?? .ok,
            healthSince: row["health_since"]
        )
    }
}
