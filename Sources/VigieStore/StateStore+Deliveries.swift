import Foundation
internal import GRDB

/// The delivery outbox: a row per (alert, sink), recorded with the alert (``StateStore/commit(_:at:)``), attempted
/// in order per sink, settled once.
extension StateStore {
    /// How a delivery ended.
    public enum DeliverySettlement: String, Sendable {
        /// The receiver took it.
        case delivered
        /// The receiver refused it for good (a 4xx answer other than 408, 410 and 429).
        case failed
        /// It was not delivered within the sink's `max_age`, and was given up.
        case expired
    }

    /// The oldest delivery of `sink` not yet settled, due or not: a sink delivers in order, so a delivery waits
    /// for the ones before it.
    public func nextDelivery(sink: String) throws -> PendingDelivery? {
        try withState("read the next delivery to \(sink)") {
            try pool.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.alert_id, d.sink, a.line, d.attempts, d.created, d.next_attempt, d.last_error
                        FROM deliveries d JOIN alerts a ON a.alert_id = d.alert_id
                        WHERE d.sink = ? AND d.state = 'pending' ORDER BY d.seq LIMIT 1
                        """,
                    arguments: [sink]
                ).map { row in
                    PendingDelivery(
                        alertID: row["alert_id"], sink: row["sink"], line: row["line"], attempts: row["attempts"],
                        created: row["created"], nextAttempt: row["next_attempt"], lastError: row["last_error"])
                }
            }
        }
    }

    /// Settles the delivery of `alertID` to `sink`; one already settled is left as it is.
    public func settleDelivery(
        alertID: String, sink: String, as settlement: DeliverySettlement, attempts: Int, error: String? = nil,
        at date: Date
    ) throws {
        try withState("settle the delivery of \(alertID) to \(sink)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET state = ?, attempts = ?, settled = ?, last_error = COALESCE(?, last_error)
                        WHERE alert_id = ? AND sink = ? AND state = 'pending'
                        """,
                    arguments: [settlement.rawValue, attempts, date, error, alertID, sink])
            }
        }
    }

    /// Records a failed attempt at the delivery of `alertID` to `sink`: the next is at `next`.
    public func postponeDelivery(
        alertID: String, sink: String, attempts: Int, until next: Date, error: String
    ) throws {
        try withState("postpone the delivery of \(alertID) to \(sink)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE deliveries SET attempts = ?, next_attempt = ?, last_error = ?
                        WHERE alert_id = ? AND sink = ? AND state = 'pending'
                        """,
                    arguments: [attempts, next, error, alertID, sink])
            }
        }
    }

    /// The deliveries of `sink` not yet settled that were recorded before `cutoff`, oldest first, at most `limit`
    /// (a digest's alerts).
    public func pendingDeliveries(sink: String, recordedBefore cutoff: Date, limit: Int) throws -> [PendingDelivery] {
        try withState("read the pending deliveries to \(sink)") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.alert_id, d.sink, a.line, d.attempts, d.created, d.next_attempt, d.last_error
                        FROM deliveries d JOIN alerts a ON a.alert_id = d.alert_id
                        WHERE d.sink = ? AND d.state = 'pending' AND d.created < ? ORDER BY d.seq LIMIT ?
                        """,
                    arguments: [sink, cutoff, limit]
                ).map { row in
                    PendingDelivery(
                        alertID: row["alert_id"], sink: row["sink"], line: row["line"], attempts: row["attempts"],
                        created: row["created"], nextAttempt: row["next_attempt"], lastError: row["last_error"])
                }
            }
        }
    }

    /// Settles the deliveries of `alertIDs` to `sink` at once (a digest), in one transaction.
    public func settleDeliveries(
        alertIDs: [String], sink: String, as settlement: DeliverySettlement, attempts: Int, error: String? = nil,
        at date: Date
    ) throws {
        try withState("settle \(alertIDs.count) deliveries to \(sink)") {
            try pool.write { db in
                for id in alertIDs {
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET state = ?, attempts = ?, settled = ?,
                                last_error = COALESCE(?, last_error)
                            WHERE alert_id = ? AND sink = ? AND state = 'pending'
                            """,
                        arguments: [settlement.rawValue, attempts, date, error, id, sink])
                }
            }
        }
    }

    /// Records a failed attempt at the deliveries of `alertIDs` to `sink` at once (a digest): the next at `next`.
    public func postponeDeliveries(
        alertIDs: [String], sink: String, attempts: Int, until next: Date, error: String
    ) throws {
        try withState("postpone \(alertIDs.count) deliveries to \(sink)") {
            try pool.write { db in
                for id in alertIDs {
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET attempts = ?, next_attempt = ?, last_error = ?
                            WHERE alert_id = ? AND sink = ? AND state = 'pending'
                            """,
                        arguments: [attempts, next, error, id, sink])
                }
            }
        }
    }

    /// Records that the receiver at `target` disabled sink `name` (HTTP 410): it stays disabled while configured
    /// with that target.
    public func disableSink(_ name: String, target: String, reason: String, at date: Date) throws {
        try withState("disable the sink \(name)") {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO disabled_sinks (name, target, reason, disabled) VALUES (?, ?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET target = excluded.target, reason = excluded.reason,
                            disabled = excluded.disabled
                        """,
                    arguments: [name, target, reason, date])
            }
        }
    }

    /// Why sink `name` is disabled while it delivers to `target`, or `nil`: a sink given another target (a new
    /// URL) is enabled again.
    public func sinkDisabled(_ name: String, target: String) throws -> String? {
        try withState("read the disabled sinks") {
            try pool.read { db in
                try String.fetchOne(
                    db, sql: "SELECT reason FROM disabled_sinks WHERE name = ? AND target = ?",
                    arguments: [name, target])
            }
        }
    }

    /// The status of each sink of `targets` (name to the target it delivers to: a URL, a command), and of every
    /// other sink the state holds deliveries for, by name; a sink is disabled only while its target is the one
    /// that disabled it.
    public func sinkStatuses(_ targets: [String: String] = [:]) throws -> [SinkStatus] {
        try withState("read the deliveries") {
            try pool.read { db in
                var statuses: [String: SinkStatus] = [:]
                for name in targets.keys { statuses[name] = SinkStatus(name: name) }
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT sink, state, COUNT(*) AS n, MIN(created) AS oldest FROM deliveries GROUP BY sink, state
                        """)
                for row in rows {
                    let name: String = row["sink"]
                    var status = statuses[name] ?? SinkStatus(name: name)
                    let count: Int = row["n"]
                    switch row["state"] as String {
                    case "pending":
                        status.pending = count
                        status.oldestPending = row["oldest"]
                        // The head of the queue's: the others wait for it, whatever their own time says.
                        status.nextAttempt = try Date.fetchOne(
                            db,
                            sql: """
                                SELECT next_attempt FROM deliveries WHERE sink = ? AND state = 'pending'
                                ORDER BY seq LIMIT 1
                                """,
                            arguments: [name])
                    case "delivered": status.delivered = count
                    case "failed": status.failed = count
                    default: status.expired = count
                    }
                    statuses[name] = status
                }
                for name in statuses.keys {
                    statuses[name]?.lastError = try String.fetchOne(
                        db,
                        sql: """
                            SELECT last_error FROM deliveries WHERE sink = ? AND last_error IS NOT NULL
                            ORDER BY COALESCE(settled, next_attempt) DESC LIMIT 1
                            """,
                        arguments: [name])
                    statuses[name]?.disabled = try String.fetchOne(
                        db, sql: "SELECT reason FROM disabled_sinks WHERE name = ? AND target = ?",
                        arguments: [name, targets[name] ?? ""])
                }
                return statuses.values.sorted { $0.name < $1.name }
            }
        }
    }
}
