/// What ``AlertDelivery/reconcile(at:)`` found and did, for the start-up log line.
public struct ReconcileReport: Sendable, Equatable {
    /// Pending alerts found in the log (written before a crash, not yet marked): now marked written.
    public var foundInLog = 0
    /// Pending alerts absent from the log: now appended and marked written.
    public var appended = 0
    /// Whether the log ended with a partial line (a write torn by a crash), now blanked.
    public var repairedTornLine = false

    /// Creates a report.
    public init(foundInLog: Int = 0, appended: Int = 0, repairedTornLine: Bool = false) {
        self.foundInLog = foundInLog
        self.appended = appended
        self.repairedTornLine = repairedTornLine
    }
}
