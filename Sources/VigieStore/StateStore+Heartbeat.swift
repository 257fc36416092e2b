import Foundation
internal import GRDB

extension StateStore {
    /// Writes the daemon's heartbeat (the one row), replacing the last.
    public func beat(_ heartbeat: Heartbeat) throws {
        try withState("write the heartbeat") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO heartbeat (id, pid, host, version, started, beat, every, last_cycle, stopped)
                        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host,
                            version = excluded.version, started = excluded.started, beat = excluded.beat,
                            every = excluded.every, last_cycle = excluded.last_cycle, stopped = excluded.stopped
                        """,
                    arguments: [
                        Int(heartbeat.pid), heartbeat.host, heartbeat.version, heartbeat.started, heartbeat.beat,
                        heartbeat.every, heartbeat.lastCycle, heartbeat.stopped,
                    ])
            }
        }
    }

    /// The daemon's last heartbeat, `nil` when no daemon ever ran on this state.
    public func heartbeat() throws -> Heartbeat? {
        try withState("read the heartbeat") {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM heartbeat WHERE id = 1").map { row in
                    Heartbeat(
                        pid: Int32(truncatingIfNeeded: row["pid"] as Int), host: row["host"],
                        version: row["version"], started: row["started"], beat: row["beat"], every: row["every"],
                        lastCycle: row["last_cycle"], stopped: row["stopped"])
                }
            }
        }
    }
}
