import Foundation
import GRDB
import Testing

@testable import VigieStore

/// Opening the state database: migrations on a fresh file and on reopening, WAL mode, file modes, clear errors.
@Suite struct StateStoreSchemaTests {
    @Test func aFreshFileIsMigratedToTheLatestSchemaInWALMode() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(
            tables == [
                "alerts", "deliveries", "disabled_sinks", "feeds", "grdb_migrations", "heartbeat", "item_texts",
                "seen_items", "story_items",
            ])
        let journalMode = try store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "wal")
        let synchronous = try store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)  // FULL
        #expect(try store.integrityCheck())
    }

    @Test func reopeningKeepsTheDataAndAppliesNoMigrationTwice() throws {
        let folder = try TemporaryFolder()
        do {
            let store = try folder.store()
            try store.save(FeedState(url: "https://example.org/feed", etag: "\"v1\""))
        }
        let reopened = try folder.store()
        #expect(try reopened.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        #expect(try reopened.feedState(url: "https://example.org/feed")?.etag == "\"v1\"")
        #expect(try reopened.integrityCheck())
    }

    @Test func aVersion1FileIsMigratedWithItsDataAndLastSeenBackfilled() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("state.sqlite")
        let written = makeAlert(key: "https://news.example/1")
        let pending = makeAlert(watch: "ibm", key: "https://news.example/2")
        do {
            // A file as Vigie 1 left it: WAL mode, migrated to v1 only, with a feed, seen items and both kinds of alert.
            let v1 = try DatabasePool(path: path)
            try StateStore.migrator.migrate(v1, upTo: "v1")
            try v1.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO feeds (url, etag, last_status, consecutive_failures, next_poll, first_polled,
                            last_polled, gone)
                        VALUES ('https://a.example/feed', '"e1"', 'ok', 0, ?, ?, ?, 0)
                        """,
                    arguments: [date(900), date(0), date(600)]
                )
                for (index, key) in ["https://news.example/1", "https://news.example/2", "https://news.example/3"]
                    .enumerated()
                {
                    try db.execute(
                        sql: "INSERT INTO seen_items (article_key, feed_url, first_seen) VALUES (?, ?, ?)",
                        arguments: [key, "https://a.example/feed", date(index * 100)]
                    )
                }
                for (alert, state) in [(written, "written"), (pending, "pending")] {
                    try db.execute(
                        sql: """
                            INSERT INTO alerts (alert_id, watch, article_key, line, state, created, written)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            alert.alertID, alert.watch, alert.articleKey, alert.line, state, date(10),
                            state == "written" ? date(20) : nil,
                        ]
                    )
                }
            }
        }

        let store = try StateStore(path: path)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        #expect(try store.integrityCheck())
        for (index, key) in ["https://news.example/1", "https://news.example/2", "https://news.example/3"].enumerated()
        {
            let row = try #require(try seenRow(key, in: store))
            #expect(row.feedURL == "https://a.example/feed")
            #expect(row.firstSeen == date(index * 100) && row.lastSeen == date(index * 100))
        }
        #expect(
            try store.feedState(url: "https://a.example/feed")
                == FeedState(
                    url: "https://a.example/feed", etag: "\"e1\"", lastStatus: .ok, nextPoll: date(900),
                    firstPolled: date(0), lastPolled: date(600), lastFetched: nil))
        #expect(try store.pendingAlerts().map(\.alertID) == [pending.alertID])
        #expect(try store.allAlertIDs() == [written.alertID, pending.alertID])
        #expect(try store.alertsWritten(since: date(0)) == 1)
        #expect(try store.record(seen: [], alerts: [makeAlert(key: "https://news.example/1")]).isEmpty)
        let indexes = try store.pool.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'seen_items' AND sql IS NOT NULL"
            )
        }
        #expect(indexes == ["seen_items_last_seen"])
        let error = try #require(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(
                    sql: "INSERT INTO seen_items (article_key, feed_url, first_seen) VALUES ('k', 'f', ?)",
                    arguments: [date(0)])
            }
        }
        #expect(error.resultCode == .SQLITE_CONSTRAINT)
        // No fetch is recorded yet: nothing of the configured feed is forgotten, however old.
        #expect(
            try store.forgetSeenItems(notSeenSince: date(1_000_000), configuredFeeds: ["https://a.example/feed"]) == 0)
    }

    @Test func theDatabaseAndItsWALFilesAreCreatedWithMode0640() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        try store.save(FeedState(url: "https://example.org/feed"))
        let expected = 0o640 & ~(try currentUmask())
        for suffix in ["", "-wal", "-shm"] {
            #expect(try permissions(of: store.path + suffix) == expected, "state.sqlite\(suffix)")
        }
    }

    @Test func aDatabaseFromANewerVigieIsRefused() throws {
        let folder = try TemporaryFolder()
        do {
            let store = try folder.store()
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
            }
        }
        let error = try #require(throws: StoreError.self) { try folder.store() }
        #expect(error.code == .stateTooNew)
        #expect(error.message.hasPrefix(folder.file("state.sqlite") + ": "))
        #expect(error.message.contains("newer version of vigie"))
    }

    @Test func aFileThatIsNotADatabaseIsNamedInTheError() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("state.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try StateStore(path: path) }
        #expect(error.code == .stateUnavailable)
        #expect(error.path == path)
        #expect(error.message.hasPrefix(path + ": cannot open the state database: "))
        #expect(error.message.contains("move it away"))
    }

    @Test func aMissingFolderIsNamedInTheError() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("missing/state.sqlite")
        let error = try #require(throws: StoreError.self) { try StateStore(path: path) }
        #expect(error.code == .stateUnavailable)
        #expect(error.errno == ENOENT)
        #expect(error.message.hasPrefix(path + ": cannot create the state database: No such file or directory; "))
    }
}
