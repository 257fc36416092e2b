import Foundation
internal import GRDB

extension StateStore {
    /// Inserts the texts of new items (an article already kept is left as it was).
    static func insertTexts(_ texts: [ItemText], _ db: Database) throws {
        guard !texts.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO item_texts (article_key, feed_url, id, title, link, summary, content, published, seen,
                    bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (article_key) DO NOTHING
                """
        )
        for text in texts {
            try statement.execute(arguments: [
                text.articleKey, text.feedURL, text.id, text.title, text.link, text.summary, text.content,
                text.published, text.seen, text.byteCount,
            ])
        }
    }

    /// The kept texts of the items first seen at or after `since`, oldest first.
    public func itemTexts(since: Date) throws -> [ItemText] {
        try withState("read the kept item texts") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT article_key, feed_url, id, title, link, summary, content, published, seen
                        FROM item_texts WHERE seen >= ? ORDER BY seen, rowid
                        """,
                    arguments: [since]
                ).map { row in
                    ItemText(
                        articleKey: row["article_key"], feedURL: row["feed_url"], id: row["id"], title: row["title"],
                        link: row["link"], summary: row["summary"], content: row["content"],
                        published: row["published"], seen: row["seen"])
                }
            }
        }
    }

    /// How many item texts are kept, and their total size in bytes (as ``ItemText/byteCount`` counts it).
    public func itemTextTotals() throws -> (items: Int, bytes: Int) {
        try withState("count the kept item texts") {
            try pool.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS b FROM item_texts")
                return (row?["n"] ?? 0, row?["b"] ?? 0)
            }
        }
    }

    /// Forgets the texts of items first seen before `cutoff`, then the oldest others until the rest take at most
    /// `maxBytes`; returns how many were forgotten.
    public func forgetItemTexts(before cutoff: Date, maxBytes: Int) throws -> Int {
        try withState("forget old item texts") {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM item_texts WHERE seen < ?", arguments: [cutoff])
                var forgotten = db.changesCount
                let total = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(bytes), 0) FROM item_texts") ?? 0
                if total > maxBytes {
                    // The newest rows whose running total stays within the bound are kept.
                    try db.execute(
                        sql: """
                            DELETE FROM item_texts WHERE rowid IN (
                                SELECT rowid FROM (
                                    SELECT rowid, SUM(bytes) OVER (ORDER BY seen DESC, rowid DESC) AS running
                                    FROM item_texts)
                                WHERE running > ?)
                            """,
                        arguments: [maxBytes])
                    forgotten += db.changesCount
                }
                return forgotten
            }
        }
    }
}
