/// An Aho–Corasick automaton over normalised tokens: finds every occurrence of every pattern in one pass over a
/// text, at a cost that grows with the text and the matches found, not with the number of patterns.
///
/// Patterns are token sequences (a phrase as ``TextNormalizer`` cuts it). Tokens are interned: a text token that no
/// pattern contains sends the automaton back to its root at once. Transitions live in one hash table keyed by
/// (state, token); failure links and output links are computed breadth-first when the automaton is built.
struct PhraseAutomaton: Sendable {
    /// Token text to token number, for every token of every pattern.
    private let vocabulary: [String: Int32]
    /// (state << 32 | token) to the next state.
    private let transitions: [UInt64: Int32]
    /// For each state, the state of its longest proper suffix that is also a prefix of some pattern.
    private let failure: [Int32]
    /// For each state, the patterns that end exactly there.
    private let outputs: [[Int32]]
    /// For each state, the nearest state on its failure chain that has outputs, or -1.
    private let outputLink: [Int32]
    /// The length in tokens of each pattern.
    let patternLengths: [Int]

    /// Builds the automaton for `patterns` (each a non-empty token sequence); pattern numbers are their indices.
    init(patterns: [[String]]) {
        var vocabulary: [String: Int32] = [:]
        var transitions: [UInt64: Int32] = [:]
        var children: [[(token: Int32, state: Int32)]] = [[]]
        var outputs: [[Int32]] = [[]]
        for (number, pattern) in patterns.enumerated() {
            var state: Int32 = 0
            for text in pattern {
                let token = vocabulary[text] ?? Int32(vocabulary.count)
                vocabulary[text] = token
                let key = Self.key(state, token)
                if let next = transitions[key] {
                    state = next
                } else {
                    let next = Int32(outputs.count)
                    transitions[key] = next
                    children[Int(state)].append((token, next))
                    children.append([])
                    outputs.append([])
                    state = next
                }
            }
            outputs[Int(state)].append(Int32(number))
        }
        var failure = [Int32](repeating: 0, count: outputs.count)
        var outputLink = [Int32](repeating: -1, count: outputs.count)
        var queue = children[0].map(\.state)
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            for (token, child) in children[Int(state)] {
                var fallback = failure[Int(state)]
                var target: Int32 = 0
                while true {
                    if state != 0, let next = transitions[Self.key(fallback, token)] {
                        target = next
                        break
                    }
                    if fallback == 0 || state == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                failure[Int(child)] = target
                outputLink[Int(child)] = outputs[Int(target)].isEmpty ? outputLink[Int(target)] : target
                queue.append(child)
            }
        }
        self.vocabulary = vocabulary
        self.transitions = transitions
        self.failure = failure
        self.outputs = outputs
        self.outputLink = outputLink
        self.patternLengths = patterns.map(\.count)
    }

    /// The number of states (the trie's nodes, root included).
    var stateCount: Int { failure.count }

    /// The token number of each text token, -1 for tokens no pattern contains.
    func tokenNumbers(_ tokens: [NormalizedText.Token]) -> [Int32] {
        tokens.map { vocabulary[$0.text] ?? -1 }
    }

    /// Calls `found(pattern, end)` for every occurrence of every pattern in `tokens` (token numbers from
    /// ``tokenNumbers(_:)``), where `end` is the index of the occurrence's last token; occurrences come in order of
    /// their end, longer patterns first at the same end.
    func scan(_ tokens: [Int32], _ found: (_ pattern: Int, _ end: Int) -> Void) {
        var state: Int32 = 0
        for (index, token) in tokens.enumerated() {
            guard token >= 0 else {
                state = 0
                continue
            }
            while true {
                if let next = transitions[Self.key(state, token)] {
                    state = next
                    break
                }
                if state == 0 { break }
                state = failure[Int(state)]
            }
            var reporting = outputs[Int(state)].isEmpty ? outputLink[Int(state)] : state
            while reporting >= 0 {
                for pattern in outputs[Int(reporting)] { found(Int(pattern), index) }
                reporting = outputLink[Int(reporting)]
            }
        }
    }

    private static func key(_ state: Int32, _ token: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: token))
    }
}
