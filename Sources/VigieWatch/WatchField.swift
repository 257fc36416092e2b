/// A text field of an item that a watch reads.
public enum WatchField: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The item's title.
    case title
    /// The item's summary (RSS `description`, Atom `summary`).
    case summary
    /// The item's full content (`content:encoded`, Atom `content`).
    case content

    /// How much a term found in this field adds to a match's score: the title counts most.
    public var weight: Int {
        switch self {
        case .title: 3
        case .summary: 2
        case .content: 1
        }
    }

    /// Fields order as in an item: title, summary, content.
    public static func < (lhs: WatchField, rhs: WatchField) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .title: 0
        case .summary: 1
        case .content: 2
        }
    }
}
