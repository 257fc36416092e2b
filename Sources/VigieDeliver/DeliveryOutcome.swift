import Foundation

/// What one delivery attempt came to.
///
/// No reason ever contains the sink's secret, token or request header values: the deliverer removes them from
/// whatever a receiver or a program answered.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The sink took the alert; a short description of its answer (`"HTTP 204"`, `"exit 0"`).
    case delivered(String)
    /// The attempt failed for a reason that may pass: try again later. `after` is what the receiver asked for
    /// with `Retry-After` (seconds from the attempt, never negative), `nil` when it asked nothing.
    case retry(after: TimeInterval?, reason: String)
    /// The sink refused the alert for a reason that will not pass by itself (an HTTP 4xx other than 410 and 429,
    /// a malformed URL, an invalid secret): trying again as is cannot succeed.
    case permanent(String)
    /// The receiver says the endpoint is gone for good (HTTP 410): stop delivering to it.
    case disable(String)
}
