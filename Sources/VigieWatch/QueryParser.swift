/// Reads the `query` language into a ``QueryExpression`` (grammar in ``Query``), by recursive descent:
///
/// ```
/// query    := either ( NOT either )*          exclusion: lowest precedence
/// either   := both ( OR both )*
/// both     := near ( [AND] near )*            juxtaposition is AND
/// near     := operand ( NEAR/n operand )*
/// operand  := NOT operand | PHRASE | WORD | "(" query ")"
/// ```
struct QueryParser {
    /// One lexical unit of a query.
    private enum Lexeme: Equatable {
        case phrase(String)
        case and
        case or
        case not
        case near(Int)
        case open
        case close
        case end
    }

    private let characters: [Character]
    private var lexemes: [(lexeme: Lexeme, offset: Int)] = []
    private var position = 0

    /// Prepares to parse `source`.
    init(_ source: String) {
        characters = Array(source)
    }

    /// Parses the whole query.
    mutating func parse() throws(QueryError) -> QueryExpression {
        lexemes = try lex()
        position = 0
        guard lexemes[0].lexeme != .end else { throw QueryError(offset: 0, reason: "the query is empty") }
        let expression = try query()
        if current.lexeme == .close {
            throw QueryError(offset: current.offset, reason: "this `)` closes no `(`")
        }
        guard current.lexeme == .end else {
            throw QueryError(offset: current.offset, reason: "expected an operator or the end of the query here")
        }
        return expression
    }

    private var current: (lexeme: Lexeme, offset: Int) { lexemes[position] }

    private mutating func query() throws(QueryError) -> QueryExpression {
        var expression = try either()
        while current.lexeme == .not {
            position += 1
            expression = .and(expression, .not(try either()))
        }
        return expression
    }

    private mutating func either() throws(QueryError) -> QueryExpression {
        var expression = try both()
        while current.lexeme == .or {
            position += 1
            expression = .or(expression, try both())
        }
        return expression
    }

    private mutating func both() throws(QueryError) -> QueryExpression {
        var expression = try near()
        while true {
            switch current.lexeme {
            case .and:
                position += 1
                expression = .and(expression, try near())
            case .phrase, .open:
                expression = .and(expression, try near())
            default:
                return expression
            }
        }
    }

    private mutating func near() throws(QueryError) -> QueryExpression {
        var expression = try operand()
        while case .near(let distance) = current.lexeme {
            let offset = current.offset
            position += 1
            let right = try operand()
            guard expression.hasPositions && right.hasPositions else {
                throw QueryError(
                    offset: offset,
                    reason: "NEAR/\(distance) needs a phrase, an OR of phrases or another NEAR on each side "
                        + "(not an AND or a NOT): they have no single position")
            }
            expression = .near(expression, right, distance: distance)
        }
        return expression
    }

    private mutating func operand() throws(QueryError) -> QueryExpression {
        let (lexeme, offset) = current
        switch lexeme {
        case .phrase(let text):
            position += 1
            return .phrase(text)
        case .not:
            position += 1
            return .not(try operand())
        case .open:
            position += 1
            let inner = try query()
            guard current.lexeme == .close else {
                throw QueryError(offset: offset, reason: "this `(` is never closed")
            }
            position += 1
            return inner
        case .end:
            throw QueryError(offset: offset, reason: "the query ends where a phrase was expected")
        case .close:
            throw QueryError(offset: offset, reason: "expected a phrase before this `)`")
        case .and, .or, .near:
            throw QueryError(offset: offset, reason: "expected a phrase here, found an operator")
        }
    }

    /// Cuts the query into lexemes; the last one is `.end`.
    private func lex() throws(QueryError) -> [(lexeme: Lexeme, offset: Int)] {
        var lexemes: [(lexeme: Lexeme, offset: Int)] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "(" || character == ")" {
                lexemes.append((character == "(" ? .open : .close, index))
                index += 1
            } else if Self.openingQuotes.contains(character) {
                let start = index
                index += 1
                while index < characters.count && !Self.closingQuotes.contains(characters[index]) { index += 1 }
                guard index < characters.count else {
                    throw QueryError(offset: start, reason: "this quotation mark is never closed")
                }
                let text = String(characters[(start + 1)..<index])
                guard text.contains(where: { $0.isLetter || $0.isNumber }) else {
                    throw QueryError(offset: start, reason: "an empty phrase")
                }
                lexemes.append((.phrase(text), start))
                index += 1
            } else {
                let start = index
                while index < characters.count && !characters[index].isWhitespace
                    && !"()".contains(characters[index]) && !Self.openingQuotes.contains(characters[index])
                {
                    index += 1
                }
                lexemes.append((try Self.word(String(characters[start..<index]), at: start), start))
            }
        }
        lexemes.append((.end, characters.count))
        return lexemes
    }

    private static let openingQuotes: Set<Character> = ["\"", "“", "”", "«"]
    private static let closingQuotes: Set<Character> = ["\"", "“", "”", "»"]

    /// An unquoted word: an operator in capitals, or a one-word phrase.
    private static func word(_ word: String, at offset: Int) throws(QueryError) -> Lexeme {
        switch word {
        case "AND": return .and
        case "OR": return .or
        case "NOT": return .not
        case "NEAR":
            throw QueryError(offset: offset, reason: "NEAR needs a distance in words, as in NEAR/5")
        default:
            break
        }
        guard word.hasPrefix("NEAR/") else {
            guard word.contains(where: { $0.isLetter || $0.isNumber }) else {
                throw QueryError(offset: offset, reason: "`\(word)` is not a phrase: it has no letter or digit")
            }
            return .phrase(word)
        }
        guard let distance = Int(word.dropFirst(5)), distance >= 0, distance <= 1000 else {
            throw QueryError(
                offset: offset,
                reason: "`\(word)`: the distance after NEAR/ must be a number of words "
                    + "from 0 to 1000")
        }
        return .near(distance)
    }
}
