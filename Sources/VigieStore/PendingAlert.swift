import Foundation

/// An alert recorded in the state, not yet confirmed written to the log.
///
/// ``StateStore/commit(_:at:)`` and ``StateStore/record(seen:alerts:at:)`` return the ones they inserted;
/// ``StateStore/pendingAlerts()`` lists every alert still pending, oldest first. ``AlertDelivery`` appends them
/// and marks them written.
public struct PendingAlert: Sendable, Equatable, Hashable {
    /// The alert's unique id, also the `"alert_id"` member of ``line``.
    public var alertID: String
    /// The name of the watch that matched.
    public var watch: String
    /// The article's canonical key.
    public var articleKey: String
    /// The JSON line to append, without the final newline.
    public var line: String
    /// When the alert was recorded (millisecond precision).
    public var created: Date

    /// Creates a pending alert.
    public init(alertID: String, watch: String, articleKey: String, line: String, created: Date) {
        self.alertID = alertID
        self.watch = watch
        self.articleKey = articleKey
        self.line = line
        self.created = created
    }
}
