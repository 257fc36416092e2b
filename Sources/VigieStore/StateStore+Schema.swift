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
        // v2: when each seen item was last seen in a fetched feed, and when each feed last sent a body, for the
        // retention of forgetSeenItems(notSeenSince:configuredFeeds:).
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE seen_items_v2 (
                        article_key TEXT PRIMARY KEY NOT NULL,
                        feed_url TEXT NOT NULL,
                        first_seen DATETIME NOT NULL,
                        last_seen DATETIME NOT NULL
                    );
                    INSERT INTO seen_items_v2 (article_key, feed_url, first_seen, last_seen)
                        SELECT article_key, feed_url, first_seen, first_seen FROM seen_items;
                    DROP TABLE seen_items;
                    ALTER TABLE seen_items_v2 RENAME TO seen_items;
                    CREATE INDEX seen_items_last_seen ON seen_items (last_seen);
                    ALTER TABLE feeds ADD COLUMN last_fetched DATETIME;
                    """
            )
            // The table is rebuilt rather than altered: SQLite adds a NOT NULL column only with a default, and a
            // default date would let an insert that forgot last_seen be forgotten at the next pruning. Nothing
            // queries first_seen any more, so its index goes with the old table. last_fetched starts NULL, not
            // at last_polled: v1 never refreshed an item still in its feed, so its first_seen says nothing of the
            // last fetch, and an item of a feed fetched since is kept until a fetch without it is committed.
        }
        // v3: the stories of the alerted articles (issue 12): where each went, with what clustering needs to put
        // it back after a restart; the rows of closed stories are pruned.
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE story_items (
                        seq INTEGER PRIMARY KEY,
                        article_key TEXT NOT NULL UNIQUE,
                        story TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('story', 'coverage')),
                        story_alert_id TEXT NOT NULL,
                        arrived DATETIME NOT NULL,
                        title TEXT,
                        summary TEXT,
                        entities TEXT NOT NULL
                    );
                    CREATE INDEX story_items_arrived ON story_items (arrived);
                    """
            )
        }
        // v4: the delivery outbox (issue 13): one row per (alert, sink), inserted in the same transaction as the
        // pending alert, settled as delivered, failed (a permanent refusal) or expired (past the sink's max_age);
        // and the sinks a receiver disabled (HTTP 410), with the target that said so.
        migrator.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    CREATE TABLE deliveries (
                        seq INTEGER PRIMARY KEY,
                        alert_id TEXT NOT NULL,
                        sink TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'expired')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt DATETIME NOT NULL,
                        created DATETIME NOT NULL,
                        settled DATETIME,
                        last_error TEXT,
                        UNIQUE (alert_id, sink)
                    );
                    CREATE INDEX deliveries_pending ON deliveries (sink, seq) WHERE state = 'pending';
                    CREATE INDEX deliveries_settled ON deliveries (settled) WHERE state != 'pending';
                    CREATE TABLE disabled_sinks (
                        name TEXT PRIMARY KEY NOT NULL,
                        target TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        disabled DATETIME NOT NULL
                    );
                    """
            )
        }
        // v5: the operator's cockpit (issue 14): per feed, its last new item, how many items it brought, the polls
        // that may have missed items (and how many in a row), its health and since when; the daemon's heartbeat
        // (one row); and the text of recent items, for `vigie backtest`.
        migrator.registerMigration("v5") { db in
            try db.execute(
                sql: """
                    ALTER TABLE feeds ADD COLUMN last_new_item DATETIME;
                    ALTER TABLE feeds ADD COLUMN items_seen INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feeds ADD COLUMN missed_polls INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feeds ADD COLUMN missed_streak INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feeds ADD COLUMN health TEXT NOT NULL DEFAULT 'ok'
                        CHECK (health IN ('ok', 'failing', 'stale'));
                    ALTER TABLE feeds ADD COLUMN health_since DATETIME;
                    CREATE TABLE heartbeat (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        pid INTEGER NOT NULL,
                        host TEXT NOT NULL,
                        version TEXT NOT NULL,
                        started DATETIME NOT NULL,
                        beat DATETIME NOT NULL,
                        every REAL NOT NULL,
                        last_cycle DATETIME,
                        stopped DATETIME
                    );
                    CREATE TABLE item_texts (
                        article_key TEXT PRIMARY KEY NOT NULL,
                        feed_url TEXT NOT NULL,
                        id TEXT NOT NULL,
                        title TEXT,
                        link TEXT,
                        summary TEXT,
                        content TEXT,
                        published DATETIME,
                        seen DATETIME NOT NULL,
                        bytes INTEGER NOT NULL
                    );
                    CREATE INDEX item_texts_seen ON item_texts (seen);
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
