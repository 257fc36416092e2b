/// A watch's `query`: a boolean expression over phrases for power users, e.g.
/// `"AI Alliance" OR (Meta AND IBM AND alliance) NOT "European AI Alliance"`.
///
/// Syntax: phrases in double quotes (`"open weights"`) or bare words (`Meta`); operators in capitals: `AND` (also
/// implied between two operands: `Meta IBM` is `Meta AND IBM`), `OR`, `NOT`, `a NEAR/n b` (an occurrence of `a`
/// and one of `b` with at most `n` words between them, in either order), and parentheses. Precedence, tightest
/// first: `NEAR/n`, then a `NOT` that starts an operand (`a AND NOT b`), `AND`, `OR`, and last a `NOT` between two
/// expressions, which excludes: `a OR b NOT c` is `(a OR b) AND NOT c`. Query phrases ignore case.
public struct Query: Sendable, Hashable {
    /// The expression as written.
    public var source: String
    /// The parsed expression.
    public var expression: QueryExpression

    /// Parses a query.
    ///
    /// - Throws: ``QueryError`` for a syntax error, a NEAR beside something without positions (an AND, a NOT), or
    ///   an expression that would hold for an item containing none of its phrases (such as `NOT x` alone).
    public init(_ source: String) throws(QueryError) {
        var parser = QueryParser(source)
        let expression = try parser.parse()
        if expression.holdsWithoutPhrases {
            throw QueryError(
                offset: 0,
                reason: "the query holds for an item that contains none of its phrases; give it a phrase to find "
                    + "(a NOT only excludes: write `x NOT y`, not `NOT y` alone)")
        }
        self.source = source
        self.expression = expression
    }
}

/// A query that cannot be used: where in the query text (a character offset) and why.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offset of the problem in the query, in characters from 0.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// "at character N: REASON" (counting from 1).
    public var description: String { "at character \(offset + 1): \(reason)" }
}
