import Foundation
import GRDB
import Testing

@testable import VigieStore

/// Opening the state database: migrations on a fresh file and on reopening, WAL mode, file modes, clear errors.
@Suite struct StateStoreSchemaTests {
    @Test func aFreshFileIsMigratedToTheLatestSchemaInWALMode() throws {
        let folder = try TemporaryFolder()
        let store = try folder.store()
        #expect(try store.appliedMigrations() == ["v1"])
        let tables = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables == ["alerts", "feeds", "grdb_migrations", "seen_items"])
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
        #expect(try reopened.appliedMigrations() == ["v1"])
        #expect(try reopened.feedState(url: "https://example.org/feed")?.etag == "\"v1\"")
        #expect(try reopened.integrityCheck())
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
