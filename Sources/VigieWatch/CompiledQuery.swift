/// A ``QueryExpression`` whose phrases are numbered, left to right, as the matcher's query terms.
indirect enum CompiledQuery: Sendable {
    /// Query term number `n`.
    case term(Int)
    /// Both hold.
    case and(CompiledQuery, CompiledQuery)
    /// Either holds.
    case or(CompiledQuery, CompiledQuery)
    /// The operand does not hold.
    case not(CompiledQuery)
    /// Occurrences of both sides at most `distance` words apart.
    case near(CompiledQuery, CompiledQuery, Int)

    /// Numbers the phrases of `expression` from `next` on.
    init(_ expression: QueryExpression, next: inout Int) {
        switch expression {
        case .phrase:
            self = .term(next)
            next += 1
        case .and(let left, let right): self = .and(CompiledQuery(left, next: &next), CompiledQuery(right, next: &next))
        case .or(let left, let right): self = .or(CompiledQuery(left, next: &next), CompiledQuery(right, next: &next))
        case .not(let operand): self = .not(CompiledQuery(operand, next: &next))
        case .near(let left, let right, let distance):
            self = .near(CompiledQuery(left, next: &next), CompiledQuery(right, next: &next), distance)
        }
    }

    /// The number of words between two token spans.
    typealias Gap = (ClosedRange<Int>, ClosedRange<Int>) -> Int

    /// Whether the query holds, given the token spans where each term occurs and how words are counted between
    /// spans (``ItemText/gap(_:_:)``).
    func holds(_ occurrences: [Int: [ClosedRange<Int>]], gap: Gap = ItemSpan.gap) -> Bool {
        switch self {
        case .term(let term): !(occurrences[term] ?? []).isEmpty
        case .and(let left, let right): left.holds(occurrences, gap: gap) && right.holds(occurrences, gap: gap)
        case .or(let left, let right): left.holds(occurrences, gap: gap) || right.holds(occurrences, gap: gap)
        case .not(let operand): !operand.holds(occurrences, gap: gap)
        case .near: !spans(occurrences, gap: gap).isEmpty
        }
    }

    /// The spans where a positional query (term, OR of such, NEAR) occurs; a NEAR's spans cover both sides.
    func spans(_ occurrences: [Int: [ClosedRange<Int>]], gap: Gap = ItemSpan.gap) -> [ClosedRange<Int>] {
        switch self {
        case .term(let term): occurrences[term] ?? []
        case .or(let left, let right): left.spans(occurrences, gap: gap) + right.spans(occurrences, gap: gap)
        case .near(let left, let right, let distance):
            left.spans(occurrences, gap: gap).flatMap { a in
                right.spans(occurrences, gap: gap).compactMap { b in
                    gap(a, b) <= distance
                        ? min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound) : nil
                }
            }
        case .and, .not: []
        }
    }

    /// The terms that count as evidence: those not under a NOT.
    func evidenceTerms() -> [Int] {
        switch self {
        case .term(let term): [term]
        case .and(let left, let right), .or(let left, let right), .near(let left, let right, _):
            left.evidenceTerms() + right.evidenceTerms()
        case .not: []
        }
    }
}

/// Distances between token spans.
enum ItemSpan {
    /// The number of words between two spans (0 when adjacent or overlapping).
    static func gap(_ a: ClosedRange<Int>, _ b: ClosedRange<Int>) -> Int {
        if a.overlaps(b) { return 0 }
        return a.upperBound < b.lowerBound ? b.lowerBound - a.upperBound - 1 : a.lowerBound - b.upperBound - 1
    }
}
