/// A parsed `query`: phrases combined with AND, OR, NOT and NEAR/n.
public indirect enum QueryExpression: Sendable, Hashable {
    /// A phrase (quoted, or a bare word), matched like any watch phrase, without case.
    case phrase(String)
    /// Both sides hold.
    case and(QueryExpression, QueryExpression)
    /// Either side holds.
    case or(QueryExpression, QueryExpression)
    /// The operand does not hold.
    case not(QueryExpression)
    /// An occurrence of each side with at most `distance` words between them; sides are phrases, OR-groups of
    /// phrases or other NEARs.
    case near(QueryExpression, QueryExpression, distance: Int)

    /// Every phrase of the expression, left to right (repeats included).
    public var phrases: [String] {
        switch self {
        case .phrase(let text): [text]
        case .and(let left, let right), .or(let left, let right), .near(let left, let right, _):
            left.phrases + right.phrases
        case .not(let operand): operand.phrases
        }
    }

    /// Whether the expression can stand beside NEAR: a phrase, an OR of such, or a NEAR (things with positions).
    var hasPositions: Bool {
        switch self {
        case .phrase, .near: true
        case .or(let left, let right): left.hasPositions && right.hasPositions
        case .and, .not: false
        }
    }

    /// The expression's value for an item in which none of its phrases occurs.
    var holdsWithoutPhrases: Bool {
        switch self {
        case .phrase, .near: false
        case .and(let left, let right): left.holdsWithoutPhrases && right.holdsWithoutPhrases
        case .or(let left, let right): left.holdsWithoutPhrases || right.holdsWithoutPhrases
        case .not(let operand): !operand.holdsWithoutPhrases
        }
    }
}
