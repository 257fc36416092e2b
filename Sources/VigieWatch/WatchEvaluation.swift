/// Applies one watch's rules to the occurrences found in one item: fields, exceptions, vetoes, context, `any`,
/// `all`, entities and query; builds the match (terms, entities, fields, score, snippet) or says why not.
///
/// When the title holds both a context term and something the watch looks for (an item titled "Meta et IBM
/// lancent l'AI Alliance, … l'IA générative"), the item is on topic: the title's context terms support occurrences
/// anywhere in it, whatever `context_window` says (the seed article lists members far from any AI term).
struct WatchEvaluation {
    /// An occurrence of a phrase use that passed its phrase's checks.
    struct Hit {
        /// The index of the phrase use.
        var use: Int
        /// The first stream token.
        var start: Int
        /// The last stream token.
        var end: Int

        /// The tokens it covers.
        var span: ClosedRange<Int> { start...end }
    }

    /// The item.
    let item: MatchableItem
    /// The watch.
    let watch: Watch
    /// The watch's compiled query, if any.
    let query: CompiledQuery?
    /// All phrase uses of the matcher (hits refer to them by index).
    let uses: [PhraseUse]
    /// The item's normalised text.
    let text: ItemText
    /// Whether to collect near misses.
    let explaining: Bool
    private var notes: [NearMiss] = []
    /// The title holds both a context term and something the watch looks for: the whole item is on topic.
    private var titleIsOnTopic = false
    /// The context occurrences, indexed by position, and those in the title.
    private var contextIndex = SpanIndex([])
    private var titleContexts: [Hit] = []
    /// The same for each group of ``Watch/contextAll``.
    private var groupIndices: [SpanIndex] = []
    private var titleGroups: [[Hit]] = []

    /// Prepares the evaluation.
    init(
        item: MatchableItem, watch: Watch, query: CompiledQuery?, uses: [PhraseUse], text: ItemText, explaining: Bool
    ) {
        self.item = item
        self.watch = watch
        self.query = query
        self.uses = uses
        self.text = text
        self.explaining = explaining
    }

    /// Decides; `rejected` are the near misses found while checking occurrences.
    mutating func run(_ hits: [Hit], rejected: [NearMiss]) -> WatchReport {
        notes = rejected
        var counted: [Hit] = []
        for hit in hits {
            if watch.fields.contains(text.field(at: hit.start).field) {
                counted.append(hit)
            } else if uses[hit.use].isEvidence {
                note(.fieldNotWatched, hit)
            }
        }
        let vetoes = counted.filter { uses[$0.use].role == .not }
        let exceptions = counted.filter { if case .except = uses[$0.use].role { true } else { false } }
        let contexts = counted.filter { uses[$0.use].role == .context }
        let exceptionIndex = SpanIndex(exceptions)
        contextIndex = SpanIndex(contexts)
        titleContexts = contexts.filter { text.field(at: $0.start).field == .title }
        let groups = watch.contextAll.indices.map { group in
            counted.filter { uses[$0.use].role == .contextGroup(group) }
        }
        groupIndices = groups.map(SpanIndex.init)
        titleGroups = groups.map { $0.filter { text.field(at: $0.start).field == .title } }
        titleIsOnTopic =
            watch.hasContext && (watch.context.isEmpty || !titleContexts.isEmpty)
            && titleGroups.allSatisfy { !$0.isEmpty }
            && counted.contains { hit in
                uses[hit.use].isEvidence && text.field(at: hit.start).field == .title
                    && !exceptionIndex.near(hit, within: 0).contains { covers($0, hit) }
            }
        var evidence: [Hit] = []
        for hit in counted where uses[hit.use].isEvidence {
            if let exception = exceptionIndex.near(hit, within: 0).first(where: {
                covers($0, hit) && !(uses[$0.use].unlessContext && watch.hasContext && isSupported(hit))
            }) {
                note(.masked(by: text.original(exception.start, exception.end)), hit)
            } else if uses[hit.use].needsContext && !isSupported(hit) {
                note(.noContext(window: watch.contextWindow), hit)
            } else {
                evidence.append(hit)
            }
        }
        let fires = decide(&evidence, vetoes: vetoes, contexts: contexts)
        if explaining && notes.isEmpty && !fires { notes.append(NearMiss(reason: .nothingFound)) }
        var unique: [NearMiss] = []
        for note in notes where !unique.contains(where: { $0.description == note.description }) { unique.append(note) }
        let match = fires ? makeMatch(evidence, contexts: contexts) : nil
        return WatchReport(watch: watch.name, match: match, nearMisses: unique)
    }

    /// Applies the watch's conditions to its evidence (vetoes, `any`, entities, `all`, query, context for watches
    /// without `any` or entities); drops query terms under a NOT from the evidence.
    private mutating func decide(_ evidence: inout [Hit], vetoes: [Hit], contexts: [Hit]) -> Bool {
        var fires = true
        for veto in vetoes {
            note(.vetoed, veto)
            fires = false
        }
        if !watch.any.isEmpty && !evidence.contains(where: { uses[$0.use].role == .any }) { fires = false }
        if !watch.entities.isEmpty
            && !evidence.contains(where: { if case .entity = uses[$0.use].role { true } else { false } })
        {
            fires = false
        }
        for (number, phrase) in watch.all.enumerated()
        where !evidence.contains(where: { uses[$0.use].role == .all(number) }) {
            if explaining { notes.append(NearMiss(reason: .missing, phrase: phrase.text)) }
            fires = false
        }
        if let query {
            var occurrences: [Int: [ClosedRange<Int>]] = [:]
            for hit in evidence {
                if case .term(let term) = uses[hit.use].role { occurrences[term, default: []].append(hit.span) }
            }
            if !query.holds(occurrences, gap: text.gap) {
                if explaining { notes.append(NearMiss(reason: .queryFalse)) }
                fires = false
            }
            let evidenceTerms = Set(query.evidenceTerms())
            evidence.removeAll {
                if case .term(let term) = uses[$0.use].role { !evidenceTerms.contains(term) } else { false }
            }
        }
        if fires && watch.hasContext && watch.any.isEmpty && watch.entities.isEmpty
            && !evidence.contains(where: { isSupported($0) })
        {
            if let first = evidence.first { note(.noContext(window: watch.contextWindow), first) }
            fires = false
        }
        return fires
    }

    /// Whether the watch's context supports `hit`: a context term (when the watch has some) and a term of every
    /// ``Watch/contextAll`` group.
    private func isSupported(_ hit: Hit) -> Bool {
        if !watch.context.isEmpty && !isSupported(hit, by: contextIndex, inTitle: titleContexts) { return false }
        for (index, group) in groupIndices.enumerated() where !isSupported(hit, by: group, inTitle: titleGroups[index])
        {
            return false
        }
        return true
    }

    /// Whether some occurrence of `index` supports `hit`; only the occurrences that can be within the window are
    /// looked at, so an item repeating a term and its context a million times stays linear.
    private func isSupported(_ hit: Hit, by index: SpanIndex, inTitle: [Hit]) -> Bool {
        guard let window = watch.contextWindow else { return index.hits.contains { supports($0, hit) } }
        if titleIsOnTopic && inTitle.contains(where: { !$0.span.overlaps(hit.span) }) { return true }
        return index.near(hit, within: (window + 1) * text.tokensPerWord).contains { supports($0, hit) }
    }

    /// Hits sorted by first token, to find those near a span without scanning them all.
    struct SpanIndex {
        /// The hits, by first token.
        let hits: [Hit]
        /// The most tokens one hit covers.
        let longest: Int

        init(_ hits: [Hit]) {
            self.hits = hits.sorted { $0.start < $1.start }
            longest = hits.map { $0.end - $0.start + 1 }.max() ?? 0
        }

        /// The hits that can overlap or lie within `distance` tokens of `hit` (a superset; callers still check).
        func near(_ hit: Hit, within distance: Int) -> ArraySlice<Hit> {
            guard !hits.isEmpty else { return [] }
            let low = hit.start - distance - longest
            let high = hit.end + distance
            var lower = 0
            var upper = hits.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if hits[middle].start < low { lower = middle + 1 } else { upper = middle }
            }
            var end = lower
            while end < hits.count && hits[end].start <= high { end += 1 }
            return hits[lower..<end]
        }
    }

    /// Whether exception `exception` masks evidence `hit`: they overlap, and the exception is the watch's or the
    /// hit's entity's.
    private func covers(_ exception: Hit, _ hit: Hit) -> Bool {
        guard exception.span.overlaps(hit.span), case .except(let owner) = uses[exception.use].role else {
            return false
        }
        guard let owner else { return true }
        return uses[hit.use].role == .entity(owner)
    }

    /// Whether context occurrence `context` supports `hit`: outside it, and within the window when there is one,
    /// unless the context term is in a title that is on topic.
    private func supports(_ context: Hit, _ hit: Hit) -> Bool {
        guard !context.span.overlaps(hit.span) else { return false }
        guard let window = watch.contextWindow else { return true }
        if titleIsOnTopic && text.field(at: context.start).field == .title { return true }
        return text.gap(context.span, hit.span) <= window
    }

    private mutating func note(_ reason: NearMiss.Reason, _ hit: Hit) {
        guard explaining else { return }
        let use = uses[hit.use]
        var entity: String?
        if case .entity(let number) = use.role { entity = watch.entities[number].name }
        notes.append(
            NearMiss(
                reason: reason, found: text.original(hit.start, hit.end), phrase: use.written, entity: entity,
                field: text.field(at: hit.start).field))
    }

    /// The spans that lie inside another, different span of `spans`, in O(n log n): a sweep over the distinct spans
    /// by start, longest first, keeping the furthest end seen (an item repeating a term a million times must not
    /// cost a million squared comparisons).
    static func coveredSpans(_ spans: [ClosedRange<Int>]) -> Set<ClosedRange<Int>> {
        let distinct = Set(spans).sorted {
            $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.upperBound > $1.upperBound
        }
        var covered: Set<ClosedRange<Int>> = []
        var furthest = Int.min
        for span in distinct {
            if furthest >= span.upperBound { covered.insert(span) }
            furthest = max(furthest, span.upperBound)
        }
        return covered
    }

    private func makeMatch(_ evidence: [Hit], contexts: [Hit]) -> Match {
        let sorted = evidence.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var entities: [String] = []
        for hit in sorted {
            if case .entity(let number) = uses[hit.use].role, !entities.contains(watch.entities[number].name) {
                entities.append(watch.entities[number].name)
            }
        }
        // An occurrence inside a longer one ("Dell" in "Dell Technology") is the same evidence, counted once.
        let covered = Self.coveredSpans(sorted.map(\.span))
        let ordered = sorted.filter { !covered.contains($0.span) }
        var terms: [String] = []
        var fields: Set<WatchField> = []
        var bestWeight: [[String]: Int] = [:]
        for hit in ordered {
            let field = text.field(at: hit.start).field
            fields.insert(field)
            let term = text.original(hit.start, hit.end)
            if !terms.contains(term) { terms.append(term) }
            let pattern = text.tokens[hit.start...hit.end].map(\.text)
            bestWeight[pattern] = max(bestWeight[pattern] ?? 0, field.weight)
        }
        let contextTerms = Set(contexts.map { text.tokens[$0.start...$0.end].map(\.text) })
        let strongest = ordered.max { a, b in
            let weightA = text.field(at: a.start).field.weight
            let weightB = text.field(at: b.start).field.weight
            return weightA != weightB ? weightA < weightB : a.start > b.start
        }
        var snippet = ""
        if let strongest {
            let field = text.field(at: strongest.start)
            snippet = Snippet.around(
                field.text.original, start: text.tokens[strongest.start].start, end: text.tokens[strongest.end].end)
        }
        return Match(
            itemID: item.id, watch: watch.name, level: watch.level, entities: entities, terms: terms,
            fields: fields.sorted(), score: bestWeight.values.reduce(0, +) + contextTerms.count, snippet: snippet)
    }
}
