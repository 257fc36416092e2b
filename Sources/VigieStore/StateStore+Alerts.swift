import Foundation
internal import GRDB

extension StateStore {
    /// The most values bound in one `IN (…)` list (SQLite's historic limit is 999).
    private static let chunkSize = 500

    /// The keys among `keys` that were never recorded as seen, with duplicates removed.
    public func unseenKeys(_ keys: [String]) throws -> Set<String> {
        var unseen = Set(keys)
        guard !unseen.isEmpty else { return unseen }
        let distinct = Array(unseen)
        try withState("read the seen items") {
            try pool.read { db in
                for start in stride(from: 0, to: distinct.count, by: Self.chunkSize) {
                    let chunk = Array(distinct[start..<min(start + Self.chunkSize, distinct.count)])
                    let list = Self.placeholders(chunk.count)
                    let sql = "SELECT article_key FROM seen_items WHERE article_key IN \(list)"
                    let seen = try String.fetchAll(db, sql: sql, arguments: StatementArguments(chunk))
                    unseen.subtract(seen)
                }
            }
        }
        return unseen
    }

    /// In one transaction: marks `seen` as seen and inserts `alerts` as pending, skipping every alert whose
    /// (watch, article key) already has one; returns the alerts inserted, in the order given.
    ///
    /// This is the de-duplication: the same story in two feeds, a re-published item or a restart never yields a
    /// second alert for a watch, and two alerts for one (watch, article) in the same call yield the first. Items
    /// already seen keep their feed and dates: this does not refresh their last sighting, so an item recorded
    /// only through here is forgotten by ``forgetSeenItems(notSeenSince:configuredFeeds:)`` once its feed has a
    /// later ``FeedState/lastFetched``. A poll that fetched a body goes through ``commit(_:at:)`` instead, with
    /// its feed's state. Nothing is recorded when any alert is malformed (`.invalidAlert`) or reuses another
    /// alert's id. Then deliver with ``AlertDelivery/flush(at:)``.
    public func record(seen: [SeenItem], alerts: [NewAlert], at date: Date = Date()) throws -> [PendingAlert] {
        for alert in alerts {
            try alert.validate(path: path)
        }
        return try withState("record seen items and alerts") {
            try pool.write { db in
                try Self.markSeen(
                    seen.lazy.map { ($0.articleKey, $0.feedURL) }, firstSeen: date, lastSeen: date, refresh: false, db)
                return try Self.insertPending(alerts, at: date, db)
            }
        }
    }

    /// Every alert recorded but not yet marked written, oldest first.
    public func pendingAlerts() throws -> [PendingAlert] {
        try withState("read the pending alerts") {
            try pool.read { db in try Self.pendingAlerts(db) }
        }
    }

    /// Marks the alerts with these ids written at `date`; ids unknown or already written are ignored.
    public func markWritten(_ ids: [String], at date: Date = Date()) throws {
        try withState("mark alerts written") {
            try pool.write { db in try Self.markWritten(ids, at: date, db) }
        }
    }

    /// How many alerts were marked written at or after `date` (for `STATUS=` "alerts today").
    public func alertsWritten(since date: Date) throws -> Int {
        try withState("count the written alerts") {
            try pool.read { db in
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(*) FROM alerts WHERE state = 'written' AND written >= ?",
                    arguments: [date]
                ) ?? 0
            }
        }
    }

    /// In one write transaction (which also keeps other writers, in this process or another, out): hands the
    /// pending alerts to `deliver`, then marks written the ids it put in its second argument, even when it
    /// throws; rethrows its error after the commit.
    func settlePending(at date: Date, _ deliver: ([PendingAlert], inout [String]) throws -> Void) throws {
        var failure: (any Error)?
        try withState("mark delivered alerts written") {
            try pool.write { db in
                let pending = try Self.pendingAlerts(db)
                var written: [String] = []
                do {
                    try deliver(pending, &written)
                } catch {
                    failure = error
                }
                try Self.markWritten(written, at: date, db)
            }
        }
        if let failure { throw failure }
    }

    /// Every alert's id, pending or written, in the order recorded (for tests and the crash harness).
    func allAlertIDs() throws -> [String] {
        try withState("read the alerts") {
            try pool.read { db in try String.fetchAll(db, sql: "SELECT alert_id FROM alerts ORDER BY seq") }
        }
    }

    private static func pendingAlerts(_ db: Database) throws -> [PendingAlert] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT alert_id, watch, article_key, line, created FROM alerts
                WHERE state = 'pending' ORDER BY seq
                """
        ).map { row in
            PendingAlert(
                alertID: row["alert_id"],
                watch: row["watch"],
                articleKey: row["article_key"],
                line: row["line"],
                created: row["created"]
            )
        }
    }

    private static func markWritten(_ ids: [String], at date: Date, _ db: Database) throws {
        for start in stride(from: 0, to: ids.count, by: chunkSize) {
            let chunk = Array(ids[start..<min(start + chunkSize, ids.count)])
            try db.execute(
                sql: """
                    UPDATE alerts SET state = 'written', written = ?
                    WHERE state = 'pending' AND alert_id IN \(placeholders(chunk.count))
                    """,
                arguments: StatementArguments([date]) + StatementArguments(chunk)
            )
        }
    }

    /// `(?, ?, …)` with `count` placeholders.
    private static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
    }
}
