import Foundation

/// What the state says of one configured sink at the end of a cycle (`vigie sinks status` reads the same).
///
/// The daemon passes one per sink of the configuration it runs with; a sink left out (removed from the config) has
/// its series removed from the next ``DaemonMetrics/render()``.
public struct SinkSample: Sendable, Equatable {
    /// The sink's name: the `sink` label.
    public var name: String
    /// Deliveries waiting, due or backing off (`vigie_deliveries_pending`).
    public var pending: Int
    /// When the oldest waiting delivery was recorded, `nil` when none waits; its age at the end of the cycle is
    /// `vigie_delivery_lag_seconds`.
    public var oldestPending: Date?
    /// Deliveries made, as the state counts them (`vigie_deliveries{state="delivered"}`).
    public var delivered: Int
    /// Deliveries refused for good (`vigie_deliveries{state="failed"}`).
    public var failed: Int
    /// Deliveries given up after the sink's `max_age` (`vigie_deliveries{state="expired"}`).
    public var expired: Int
    /// Whether the sink is disabled (a receiver answered 410 Gone): `vigie_sink_disabled` is 1.
    public var disabled: Bool

    /// Creates a sample; a sink that never delivered needs only its name.
    public init(
        name: String, pending: Int = 0, oldestPending: Date? = nil, delivered: Int = 0, failed: Int = 0,
        expired: Int = 0, disabled: Bool = false
    ) {
        self.name = name
        self.pending = pending
        self.oldestPending = oldestPending
        self.delivered = delivered
        self.failed = failed
        self.expired = expired
        self.disabled = disabled
    }
}
