/// Finds which watches of a watchlist fire on an item.
///
/// Built once per watchlist: every phrase of every watch (names, aliases, `any`, `all`, `not`, `except`, context
/// terms, query terms) is normalised and compiled into one ``PhraseAutomaton``, so matching an item costs one pass
/// over its tokens whatever the number of phrases. Each item is normalised once; each occurrence the automaton
/// reports is then checked against its phrase's options (case, compounds, punctuation) and counted for its watch,
/// whose rules (see ``Watch``) decide whether it fires. Pure and `Sendable`: no I/O, no clock.
public struct Matcher: Sendable {
    /// The watches, in watchlist order.
    let watches: [Watch]
    /// Each watch's query with numbered terms, if it has one.
    let compiledQueries: [CompiledQuery?]
    /// Every phrase of every watch, compiled.
    let uses: [PhraseUse]
    /// For each automaton pattern, the phrase uses that share it.
    let usesByPattern: [[Int32]]
    /// The one automaton of all phrases.
    let automaton: PhraseAutomaton
    private let normalizer = TextNormalizer()

    /// Compiles `watchlist`.
    ///
    /// - Throws: ``WatchlistError`` for the first phrase with no letter or digit in it (see
    ///   ``TextNormalizer/hasWords(_:)``), naming its watch and key; watchlists read by VigieConfig have been checked
    ///   already.
    public init(watchlist: Watchlist) throws(WatchlistError) {
        var compiler = Compiler()
        var queries: [CompiledQuery?] = []
        for (index, watch) in watchlist.watches.enumerated() {
            let hasContext = watch.hasContext
            for (number, phrase) in watch.any.enumerated() {
                try compiler.add(
                    phrase, watch: index, key: "any[\(number)]", role: .any,
                    needsContext: hasContext && phrase.needsContext != false)
            }
            for (number, phrase) in watch.all.enumerated() {
                try compiler.add(phrase, watch: index, key: "all[\(number)]", role: .all(number), needsContext: false)
            }
            for (number, phrase) in watch.not.enumerated() {
                try compiler.add(phrase, watch: index, key: "not[\(number)]", role: .not, needsContext: false)
            }
            for (number, phrase) in watch.except.enumerated() {
                try compiler.add(
                    phrase, watch: index, key: "except[\(number)]", role: .except(entity: nil), needsContext: false)
            }
            for (number, phrase) in watch.context.enumerated() {
                try compiler.add(
                    phrase, watch: index, key: "context[\(number)]", role: .context, needsContext: false,
                    insideCompounds: true)
            }
            for (group, phrases) in watch.contextAll.enumerated() {
                for (number, phrase) in phrases.enumerated() {
                    try compiler.add(
                        phrase, watch: index, key: "context_all[\(group)][\(number)]", role: .contextGroup(group),
                        needsContext: false, insideCompounds: true)
                }
            }
            for (number, entity) in watch.entities.enumerated() {
                for (place, phrase) in entity.phrases.enumerated() {
                    let needsContext = hasContext && (phrase.needsContext ?? entity.needsContext)
                    try compiler.add(
                        phrase, watch: index,
                        key: place == 0 ? "entities[\(number)].name" : "entities[\(number)].aliases[\(place - 1)]",
                        role: .entity(number), needsContext: needsContext)
                }
                for (place, phrase) in entity.except.enumerated() {
                    try compiler.add(
                        phrase, watch: index, key: "entities[\(number)].except[\(place)]",
                        role: .except(entity: number), needsContext: false)
                }
            }
            if let query = watch.query {
                var next = 0
                queries.append(CompiledQuery(query.expression, next: &next))
                for (number, text) in query.expression.phrases.enumerated() {
                    try compiler.add(
                        Phrase(text), watch: index, key: "query", role: .term(number), needsContext: false)
                }
            } else {
                queries.append(nil)
            }
        }
        watches = watchlist.watches
        phraseCount = watchlist.phraseCount
        compiledQueries = queries
        uses = compiler.uses
        usesByPattern = compiler.usesByPattern
        automaton = PhraseAutomaton(patterns: compiler.patterns)
    }

    /// The number of phrases of the watchlist compiled.
    public let phraseCount: Int

    /// The number of distinct normalised phrases in the automaton.
    public var patternCount: Int { usesByPattern.count }

    /// The watches that fire on `item`, in watchlist order.
    public func match(_ item: MatchableItem) -> [Match] {
        evaluate(item, explaining: false).compactMap(\.match)
    }

    /// What every watch made of `item`: its match if it fired, and what was found but did not count, and why.
    public func explain(_ item: MatchableItem) -> [WatchReport] {
        evaluate(item, explaining: true)
    }

    private func evaluate(_ item: MatchableItem, explaining: Bool) -> [WatchReport] {
        let text = ItemText(item, normalizer: normalizer)
        let numbers = automaton.tokenNumbers(text.tokens)
        var hits: [Int: [WatchEvaluation.Hit]] = [:]
        var rejected: [Int: [NearMiss]] = [:]
        automaton.scan(numbers) { pattern, end in
            let start = end - automaton.patternLengths[pattern] + 1
            for number in usesByPattern[pattern] {
                let use = uses[Int(number)]
                switch check(use, start, end, in: text) {
                case .counts:
                    hits[use.watch, default: []].append(.init(use: Int(number), start: start, end: end))
                case .rejected(let reason) where explaining && use.isEvidence:
                    rejected[use.watch, default: []].append(nearMiss(reason, use, start, end, text))
                case .rejected, .spansFields:
                    continue
                }
            }
        }
        let indices = explaining ? Array(watches.indices) : hits.keys.sorted()
        return indices.map { index in
            var evaluation = WatchEvaluation(
                item: item, watch: watches[index], query: compiledQueries[index], uses: uses, text: text,
                explaining: explaining)
            return evaluation.run(hits[index] ?? [], rejected: rejected[index] ?? [])
        }
    }

    /// What an automaton occurrence is worth once its phrase's options are checked.
    private enum Verdict {
        /// It counts.
        case counts
        /// It does not, for this reason.
        case rejected(NearMiss.Reason)
        /// It runs from one field into the next: not an occurrence at all.
        case spansFields
    }

    /// Whether an occurrence of `use` at stream tokens `start...end` counts.
    private func check(_ use: PhraseUse, _ start: Int, _ end: Int, in text: ItemText) -> Verdict {
        let tokens = text.tokens
        if start < end && tokens[(start + 1)...end].contains(where: { $0.flags.contains(.fieldStart) }) {
            return .spansFields
        }
        let joinedBefore =
            start > 0 && tokens[start - 1].flags.contains(.joinedToNext)
            && !tokens[start - 1].flags.contains(.numeric) && !tokens[start].flags.contains(.fieldStart)
        let joinedAfter =
            tokens[end].flags.contains(.joinedToNext) && end + 1 < tokens.count
            && !tokens[end + 1].flags.contains(.numeric) && !Self.isDescriptiveTail(tokens, after: end)
        if (joinedBefore || joinedAfter) && (!use.matchesInsideCompounds || text.isCode(around: start, end)) {
            return .rejected(.insideCompound(text.compound(around: start, end)))
        }
        if start < end {
            for index in (start + 1)...end
            where tokens[index].flags.contains(.breakBefore) && !use.allowedBreaks.contains(index - start) {
                return .rejected(.crossesPunctuation)
            }
        }
        if let cased = use.casedTokens, !text.field(at: start).text.isShouting {
            for index in start...end where text.casedText(index) != cased[index - start] {
                return .rejected(.caseDiffers)
            }
        }
        return .counts
    }

    /// Whether the compound goes on after token `end` with one last word that describes what precedes it: a past
    /// participle in -ed or `based` (`AMD-powered`, `IBM-backed`, `Meta-owned`, `Intel-based`), or one of the
    /// German nouns that a hyphen ties to an organisation's name to mean the organisation's own (`IBM-Chef`,
    /// `TUM-Präsident`, `KIT-Forscher`: ``possessiveHeads``), so that the name at the head of the compound is the
    /// organisation itself (`Meta-analysis` and `Meta-Analyse` are not such compounds).
    private static func isDescriptiveTail(_ tokens: [NormalizedText.Token], after end: Int) -> Bool {
        let tail = tokens[end + 1]
        guard !tail.flags.contains(.joinedToNext) else { return false }
        return tail.text == "based" || (tail.text.utf8.count >= 3 && tail.text.hasSuffix("ed"))
            || possessiveHeads.contains(tail.text)
    }

    /// German nouns for an organisation's people and parts, folded (`Präsident` is `prasident`): after a name and
    /// a hyphen they make a compound about that organisation (`IBM-Chef`, the head of IBM). Only words that mean
    /// nothing with the prefixes that look like names (`Meta-`, `Intel-`) are listed.
    private static let possessiveHeads: Set<String> = [
        "chef", "chefin", "prasident", "prasidentin", "forscher", "forscherin", "forschern", "sprecher", "sprecherin",
        "grunder", "grunderin", "mitarbeiter", "mitarbeiterin", "mitarbeitern", "manager", "managerin", "konzern",
        "tochter", "team", "teams", "labor", "campus", "professor", "professorin", "wissenschaftler",
        "wissenschaftlerin", "vorstand", "vorstandschef", "rechenzentrum", "studie",
    ]

    private func nearMiss(_ reason: NearMiss.Reason, _ use: PhraseUse, _ start: Int, _ end: Int, _ text: ItemText)
        -> NearMiss
    {
        var entity: String?
        if case .entity(let number) = use.role { entity = watches[use.watch].entities[number].name }
        return NearMiss(
            reason: reason, found: text.original(start, end), phrase: use.written, entity: entity,
            field: text.field(at: start).field)
    }
}

extension Matcher {
    /// Collects phrase uses and their distinct normalised patterns.
    fileprivate struct Compiler {
        var uses: [PhraseUse] = []
        var patterns: [[String]] = []
        var usesByPattern: [[Int32]] = []
        private var patternNumbers: [[String]: Int] = [:]
        private var identities: Set<PhraseUse.Identity> = []
        private let normalizer = TextNormalizer()
        private let casedNormalizer = TextNormalizer(foldsCase: false)

        /// Compiles `phrase` (written at `key` in the watch) for `watch` in `role`; a phrase met again in the same
        /// role is compiled once.
        mutating func add(
            _ phrase: Phrase, watch: Int, key: @autoclosure () -> String, role: PhraseUse.Role, needsContext: Bool,
            insideCompounds: Bool = false
        ) throws(WatchlistError) {
            let tokens = normalizer.tokenize(phrase.text).tokens
            guard !tokens.isEmpty else {
                throw WatchlistError(
                    watch: watch, key: key(), reason: "the phrase \"\(phrase.text)\" has no letter or digit to match")
            }
            let pattern = tokens.map(\.text)
            let use = PhraseUse(
                written: phrase.text, watch: watch, role: role, length: tokens.count,
                casedTokens: phrase.caseSensitive ? casedNormalizer.tokenize(phrase.text).tokens.map(\.text) : nil,
                allowedBreaks: tokens.indices.dropFirst().filter { tokens[$0].flags.contains(.breakBefore) },
                matchesInsideCompounds: phrase.matchesInsideCompounds ?? insideCompounds, needsContext: needsContext,
                unlessContext: phrase.unlessContext)
            let identity = PhraseUse.Identity(
                watch: watch, role: role, pattern: pattern, casedTokens: use.casedTokens,
                allowedBreaks: use.allowedBreaks, matchesInsideCompounds: use.matchesInsideCompounds,
                needsContext: needsContext, unlessContext: use.unlessContext)
            guard identities.insert(identity).inserted else { return }
            let number = patternNumbers[pattern] ?? patterns.count
            if number == patterns.count {
                patternNumbers[pattern] = number
                patterns.append(pattern)
                usesByPattern.append([])
            }
            usesByPattern[number].append(Int32(uses.count))
            uses.append(use)
        }
    }
}
