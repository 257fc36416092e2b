import Foundation
internal import GRDB

extension StateStore {
    /// The story records of the articles that arrived at or after `since`, oldest first (in the order they were
    /// committed among equals): what a clusterer is rebuilt from at start-up.
    public func storyRecords(since: Date) throws -> [StoryRecord] {
        try withState("read the open stories") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT article_key, story, kind, story_alert_id, arrived, title, summary, entities
                        FROM story_items WHERE arrived >= ? ORDER BY arrived, seq
                        """,
                    arguments: [since]
                ).map { row in
                    let entities: String = row["entities"]
                    return StoryRecord(
                        articleKey: row["article_key"], story: row["story"], kind: row["kind"],
                        storyAlertID: row["story_alert_id"], arrived: row["arrived"], title: row["title"],
                        summary: row["summary"],
                        entities: entities.isEmpty ? [] : entities.split(separator: "\n").map(String.init))
                }
            }
        }
    }

    /// Forgets the story records of articles that arrived before `cutoff` (their stories are closed); returns how
    /// many. The alerts themselves, with their `story` keys, are kept.
    public func forgetStoryRecords(before cutoff: Date) throws -> Int {
        try withState("forget closed stories") {
            try pool.write { db in
                try db.execute(sql: "DELETE FROM story_items WHERE arrived < ?", arguments: [cutoff])
                return db.changesCount
            }
        }
    }

    /// Inserts `records`, skipping an article that has one.
    static func insertStories(_ records: [StoryRecord], _ db: Database) throws {
        guard !records.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO story_items
                    (article_key, story, kind, story_alert_id, arrived, title, summary, entities)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (article_key) DO NOTHING
                """
        )
        for record in records {
            try statement.execute(arguments: [
                record.articleKey, record.story, record.kind, record.storyAlertID, record.arrived, record.title,
                record.summary, record.entities.joined(separator: "\n"),
            ])
        }
    }
}
