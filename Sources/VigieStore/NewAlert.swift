import Foundation

/// An alert the matcher wants to emit: one per article (the pipeline names every watch that fired in its line, and
/// ``watch`` is the strongest of them), with the exact JSON line the log will hold.
///
/// The line must be one compact JSON object on one line (no `\n` or `\r`) with a string member `"alert_id"`
/// equal to ``alertID``: that member is how ``AlertDelivery/reconcile(at:)`` finds the alert in the log after a
/// crash. Build the id first with ``makeAlertID()``, put it in the object, then create the alert.
public struct NewAlert: Sendable, Equatable, Hashable {
    /// The alert's unique id, also the `"alert_id"` member of ``line``: letters, digits, `-` and `_` only.
    public var alertID: String
    /// The name of the watch that matched (the strongest, when several did): the store keeps one alert per
    /// (watch, article).
    public var watch: String
    /// The article's canonical key (see ``SeenItem/articleKey``).
    public var articleKey: String
    /// The JSON line exactly as it will be appended to the log, without the final newline.
    public var line: String
    /// The sinks it goes to (their names): a delivery is recorded for each, with the alert.
    public var sinks: [String]

    /// Creates an alert.
    public init(alertID: String, watch: String, articleKey: String, line: String, sinks: [String] = []) {
        self.alertID = alertID
        self.watch = watch
        self.articleKey = articleKey
        self.line = line
        self.sinks = sinks
    }

    /// The name of the JSON member that carries the alert's id in every line of the log: `"alert_id"`.
    public static let alertIDField = "alert_id"

    /// A new random alert id: a lower-case UUID such as `"3f2b…-…"`.
    public static func makeAlertID() -> String {
        UUID().uuidString.lowercased()
    }
}
