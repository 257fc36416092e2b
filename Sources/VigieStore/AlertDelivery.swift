import Foundation
import VigieSync

/// Exactly-once delivery of alerts from the state to the log, whatever instant the process dies at.
///
/// The protocol: ``StateStore/commit(_:at:)`` (or ``StateStore/record(seen:alerts:at:)``) commits each alert as
/// pending (durably); ``flush(at:)`` appends every pending alert to the log (one `write`, then one `fsync`, per 256 alerts) and marks
/// it written; ``reconcile(at:)``, at start-up, settles the alerts left pending by a crash: those whose
/// `"alert_id"` is in the tail of the log are marked written, the others are appended then marked. A crash before the append leaves the alert pending
/// and absent (appended on restart); between append and mark, present (only marked); after, written (nothing to
/// do). The first ``flush(at:)`` reconciles first if ``reconcile(at:)`` was not called, and so does every flush
/// after a failure, so an alert written whose mark failed is never written twice.
///
/// Flushes and reconciliations run one at a time (a lock in this process, and the database's write lock held
/// while they append, against any other process). Safe to use from any thread. Run one delivering process per
/// state file: the daemon, not a second `vigie run` beside it.
public final class AlertDelivery: Sendable {
    /// The state the pending alerts live in.
    public let store: StateStore
    /// The log they are appended to.
    public let log: AlertLog
    /// Rotated logs searched too by ``reconcile(at:)``, uncompressed (logrotate's `delaycompress` keeps
    /// `alerts.jsonl.1` so): an alert appended just before a rotation and a crash is found there.
    public let rotatedLogPaths: [String]
    /// How far back, in bytes, ``reconcile(at:)`` reads each log.
    public let tailBytes: Int
    /// At most this many alerts are appended in one `write` and `fsync`.
    static let appendChunk = 256
    /// Whether the next flush must reconcile first: at start, and after any failure. Held for the whole of a
    /// flush or a reconciliation, so that they run one at a time.
    private let mustReconcile = Locked(true)

    /// Creates the delivery of `store`'s alerts to `log`; reads nothing until the first call.
    public init(store: StateStore, log: AlertLog, rotatedLogPaths: [String] = [], tailBytes: Int = 16 << 20) {
        self.store = store
        self.log = log
        self.rotatedLogPaths = rotatedLogPaths
        self.tailBytes = tailBytes
    }

    /// Appends every pending alert to the log, oldest first, and marks each written; returns how many.
    ///
    /// When the log fails (disk full, permissions …) this throws the log's ``StoreError`` after marking the
    /// alerts appended before the failure; the rest stay pending and the next call (or the next start) writes
    /// them. Call it after each ``StateStore/commit(_:at:)`` and now and then to retry.
    @discardableResult
    public func flush(at date: Date = Date()) throws -> Int {
        try mustReconcile.withLock { mustReconcile in
            if mustReconcile {
                return try reconcile(at: date, mustReconcile: &mustReconcile).appended
            }
            var written = 0
            do {
                try store.settlePending(at: date) { pending, writtenIDs in
                    // One write and one fsync per chunk of alerts, not per alert.
                    for start in stride(from: 0, to: pending.count, by: Self.appendChunk) {
                        let chunk = pending[start..<min(start + Self.appendChunk, pending.count)]
                        try log.append(contentsOf: chunk.map(\.line))
                        writtenIDs.append(contentsOf: chunk.map(\.alertID))
                    }
                    written = writtenIDs.count
                }
            } catch {
                mustReconcile = true
                throw error
            }
            return written
        }
    }

    /// Settles the alerts a crash left pending, against the last ``tailBytes`` of the log (and of
    /// ``rotatedLogPaths``): present ones are marked written, absent ones appended then marked.
    ///
    /// Call it at start-up before the first poll, and report what it did. A partial last line (a write torn
    /// by a crash) is first overwritten with spaces and ended with a newline, so that every line of the log
    /// stays valid JSON Lines and the next one is whole; its alert counts as absent and is appended again.
    @discardableResult
    public func reconcile(at date: Date = Date()) throws -> ReconcileReport {
        try mustReconcile.withLock { mustReconcile in
            try reconcile(at: date, mustReconcile: &mustReconcile)
        }
    }

    /// ``reconcile(at:)`` with the lock held: clears `mustReconcile` on success, sets it on failure.
    private func reconcile(at date: Date, mustReconcile: inout Bool) throws -> ReconcileReport {
        var report = ReconcileReport()
        do {
            try store.settlePending(at: date) { pending, writtenIDs in
                report.repairedTornLine = try log.repairTornLine()
                guard !pending.isEmpty else { return }
                var present = Set<String>()
                for path in [log.path] + rotatedLogPaths {
                    present.formUnion(try LogTail(path: path, maxBytes: tailBytes).alertIDs)
                }
                for alert in pending {
                    if present.contains(alert.alertID) {
                        report.foundInLog += 1
                    } else {
                        try log.append(alert.line)
                        report.appended += 1
                    }
                    writtenIDs.append(alert.alertID)
                }
            }
        } catch {
            mustReconcile = true
            throw error
        }
        mustReconcile = false
        return report
    }
}
