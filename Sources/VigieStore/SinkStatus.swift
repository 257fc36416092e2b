import Foundation

/// What the state says of one sink's deliveries (`vigie sinks status`).
public struct SinkStatus: Sendable, Equatable {
    /// The sink's name.
    public var name: String
    /// Deliveries waiting (due or backing off).
    public var pending: Int
    /// When the oldest waiting delivery was recorded.
    public var oldestPending: Date?
    /// When the next waiting delivery will be attempted.
    public var nextAttempt: Date?
    /// Deliveries made.
    public var delivered: Int
    /// Deliveries refused for good (a 4xx answer).
    public var failed: Int
    /// Deliveries given up after the sink's `max_age`.
    public var expired: Int
    /// The latest failure of a waiting or settled delivery, if any.
    public var lastError: String?
    /// Why the sink is disabled (a receiver answered 410 Gone), if it is.
    public var disabled: String?

    /// Creates a status.
    public init(
        name: String, pending: Int = 0, oldestPending: Date? = nil, nextAttempt: Date? = nil, delivered: Int = 0,
        failed: Int = 0, expired: Int = 0, lastError: String? = nil, disabled: String? = nil
    ) {
        self.name = name
        self.pending = pending
        self.oldestPending = oldestPending
        self.nextAttempt = nextAttempt
        self.delivered = delivered
        self.failed = failed
        self.expired = expired
        self.lastError = lastError
        self.disabled = disabled
    }
}
