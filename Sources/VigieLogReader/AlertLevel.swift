/// The urgency of an alert line (`level`), from the least to the most urgent: `info` < `notice` < `warning` <
/// `alert`.
public enum AlertLevel: String, Sendable, CaseIterable, Comparable {
    /// For the record.
    case info
    /// Worth a look.
    case notice
    /// Worth a look soon.
    case warning
    /// Look now.
    case alert

    /// Whether `lhs` is less urgent than `rhs`.
    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .info: 0
        case .notice: 1
        case .warning: 2
        case .alert: 3
        }
    }
}
