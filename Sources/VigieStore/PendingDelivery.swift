import Foundation

/// A delivery of an alert to a sink, not yet settled: the head of its sink's queue, as ``StateStore/nextDelivery(sink:)``
/// returns it.
public struct PendingDelivery: Sendable, Equatable, Hashable {
    /// The alert's id (also the webhook's `webhook-id`: the same on every attempt).
    public var alertID: String
    /// The sink's name.
    public var sink: String
    /// The alert's JSON line, as in the log.
    public var line: String
    /// How many attempts were made so far.
    public var attempts: Int
    /// When the delivery was recorded (with its alert).
    public var created: Date
    /// When it may be attempted.
    public var nextAttempt: Date
    /// The last attempt's failure, if any.
    public var lastError: String?

    /// Creates a pending delivery.
    public init(
        alertID: String, sink: String, line: String, attempts: Int, created: Date, nextAttempt: Date,
        lastError: String? = nil
    ) {
        self.alertID = alertID
        self.sink = sink
        self.line = line
        self.attempts = attempts
        self.created = created
        self.nextAttempt = nextAttempt
        self.lastError = lastError
    }
}
