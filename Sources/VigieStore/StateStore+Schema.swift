internal import GRDB

extension StateStore {
    /// The schema's migrations, oldest first. Never edit a shipped migration: add `v2`, `v3` … after it.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feeds (
                        url TEXT PRIMARY KEY NOT NULL,
                        current_url TEXT,
                        etag TEXT,
                        last_modified TEXT,
                        last_status TEXT
                            CHECK (last_status IN ('ok', 'not-modified', 'failed', 'gone', 'throttled')),
                        last_error TEXT,
                        consecutive_failures INTEGER NOT NULL DEFAULT 0,
                        next_poll DATETIME,
                        first_polled DATETIME,
                        last_polled DATETIME,
                        gone BOOLEAN NOT NULL DEFAULT 0
                    );
                    CREATE TABLE seen_items (
                        article_key TEXT PRIMARY KEY NOT NULL,
                        feed_url TEXT NOT NULL,
                        first_seen DATETIME NOT NULL
                    );
                    CREATE INDEX seen_items_first_seen ON seen_items (first_seen);
                    CREATE TABLE alerts (
                        seq INTEGER PRIMARY KEY,
                        alert_id TEXT NOT NULL UNIQUE,
                        watch TEXT NOT NULL,
                        article_key TEXT NOT NULL,
                        line TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'written')),
                        created DATETIME NOT NULL,
                        written DATETIME,
                        UNIQUE (watch, article_key)
                    );
                    CREATE INDEX alerts_pending ON alerts (seq) WHERE state = 'pending';
                    CREATE INDEX alerts_written ON alerts (written) WHERE state = 'written';
                    """
            )
        }
        return migrator
    }

    /// Migrates the database to this version's schema, refusing one that a newer Vigie has migrated.
    static func migrate(_ pool: DatabasePool, path: String) throws {
        let migrator = Self.migrator
        let superseded: Bool
        do {
            superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
        } catch {
            throw stateError("read its schema version", path: path, error: error)
        }
        if superseded {
            throw StoreError(
                code: .stateTooNew,
                message: "\(path): the state database was written by a newer version of vigie; upgrade vigie, "
                    + "or move the file away to start with a fresh state (alerts may then repeat)",
                path: path
            )
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw stateError("migrate its schema", path: path, error: error)
        }
    }

    /// The identifiers of the migrations applied to the file, oldest first.
    func appliedMigrations() throws -> [String] {
        try withState("read its schema version") {
            try pool.read { db in try Self.migrator.appliedMigrations(db) }
        }
    }
}
