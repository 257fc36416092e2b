import VigieWatch

/// Watchlists of a chosen number of phrases for `vigie bench-match`: real names first, generated ones after.
///
/// Each is one watch shaped like the default `members` watch: its first 10 context terms, then the real
/// entities of every watch of the given watchlist (name and aliases) while they fit, then generated organisation
/// names ("Travonic Labs", "Quelmar Systems"…, with two aliases each) up to the count. The generated names come
/// from a fixed-seed generator, so every run measures the same watchlists.
enum BenchWatchlist {
    /// A watchlist of exactly `count` phrases (at least 11).
    static func make(phrases count: Int, from real: Watchlist) -> Watchlist {
        let context = Array(real.watches.flatMap(\.context).prefix(10))
        var budget = max(count, context.count + 1) - context.count
        var entities: [Entity] = []
        for entity in real.watches.flatMap(\.entities) {
            let size = 1 + entity.aliases.count + entity.except.count
            guard size <= budget else { break }
            entities.append(entity)
            budget -= size
        }
        var generator = Generator()
        while budget > 0 {
            let name = generator.organisation()
            let aliases = [Phrase(name + " Inc."), Phrase(generator.acronym(of: name))].prefix(budget - 1)
            entities.append(Entity(name: name, aliases: Array(aliases)))
            budget -= 1 + aliases.count
        }
        let watch = Watch(name: "bench", entities: entities, context: context, contextWindow: 30)
        return Watchlist(watches: [watch])
    }

    /// A deterministic generator of organisation-like names (xorshift64).
    private struct Generator {
        private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        private static let onsets = [
            "b", "br", "c", "d", "f", "g", "k", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "z",
        ]
        private static let vowels = ["a", "e", "i", "o", "u", "ai", "io"]
        private static let codas = ["", "n", "r", "x", "l", "s", "m"]
        private static let kinds = ["Labs", "Systems", "Dynamics", "Institute", "Analytics", "Robotics", "Networks"]

        private mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }

        /// A two-word name: an invented word of three syllables and a kind of organisation.
        mutating func organisation() -> String {
            var word = ""
            for _ in 0..<3 {
                word +=
                    Self.onsets[next(Self.onsets.count)] + Self.vowels[next(Self.vowels.count)]
                    + Self.codas[next(Self.codas.count)]
            }
            return word.prefix(1).uppercased() + word.dropFirst() + " " + Self.kinds[next(Self.kinds.count)]
        }

        /// An acronym-like alias: the name's first four letters in capitals plus a number.
        mutating func acronym(of name: String) -> String {
            name.prefix(4).uppercased() + String(next(90) + 10)
        }
    }
}
