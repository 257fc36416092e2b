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
    /// Feeds removed from the config stay here until the daemon deletes them; their rows are harmless.
    public func allFeedStates() throws -> [FeedState] {
        try withState("read the feeds' states") {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM feeds ORDER BY url").map(Self.feedState)
            }
        }
    }

    /// Saves `state` whole, inserting or replacing the row of `state.url`.
    public func save(_ state: FeedState) throws {
        try withState("save the state of \(state.url)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO feeds (url, current_url, etag, last_modified, last_status, last_error,
                            consecutive_failures, next_poll, first_polled, last_polled, gone)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (url) DO UPDATE SET
                            current_url = excluded.current_url, etag = excluded.etag,
                            last_modified = excluded.last_modified, last_status = excluded.last_status,
                            last_error = excluded.last_error, consecutive_failures = excluded.consecutive_failures,
                            next_poll = excluded.next_poll, first_polled = excluded.first_polled,
                            last_polled = excluded.last_polled, gone = excluded.gone
                        """,
                    arguments: [
                        state.url, state.currentURL, state.etag, state.lastModified, state.lastStatus?.rawValue,
                        state.lastError, state.consecutiveFailures, state.nextPoll, state.firstPolled,
                        state.lastPolled, state.gone,
                    ]
                )
            }
        }
    }

    /// Deletes the stored state of `url` (a feed removed from the config); seen items and alerts stay.
    public func deleteFeedState(url: String) throws {
        try withState("delete the state of \(url)") {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM feeds WHERE url = ?", arguments: [url])
            }
        }
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
            gone: row["gone"]
        )
    }
}
