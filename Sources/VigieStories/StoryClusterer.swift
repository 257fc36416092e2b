import Foundation

/// Groups items into stories as they arrive: each item joins the open story that reports the same event, or
/// opens one. Pure: items in (with their dates), assignments out; no clock, no I/O.
///
/// Two kinds of sameness (the README's "Stories" section):
/// - a **copy** (wire story, press release, aggregator): the MinHash signatures of the two texts' 3-word shingles
///   agree on at least ``StoryThresholds/copyAgreement`` of their positions;
/// - **coverage** (an independent article on the same event, in any language): the distinctive words and
///   entities they share weigh at least ``StoryThresholds/coverageScore`` of the lighter item's words, and there
///   are at least ``StoryThresholds/minimumSharedTerms`` of them. A word's weight is `ln((N + 1) / (n + 0.5))`, with
///   N the open stories and n those that hold the word, so a word every story has weighs almost nothing.
/// - the **same event told otherwise**, when the shared-words score is at least ``StoryThresholds/frameScore``: the
///   two report the same kinds of news with two names and an amount or the same places in common (``StoryFrame``),
///   or the names of both are mostly shared (at least ``StoryThresholds/nameScore`` of the weight of the names of
///   the item that gives more, and ``StoryThresholds/minimumSharedNames`` of them; ``StoryFingerprint/names``).
/// Either way, two items never join when they name different stages of a deal or case (a probe, an approval), when
/// they give one name different numbers (`Llama 2`, `Llama 3`), or when the
/// matcher found entities in both and none in common (two stories worded alike about different organisations):
/// precision comes first, as a false merge hides news.
///
/// Candidates come from two indexes, never from a scan: the stories that share a MinHash band with the item, and
/// those that share a word found in at most ``StoryThresholds/maximumPostings`` open stories; at most
/// ``StoryThresholds/maximumCandidates`` are scored, each through its first ``StoryThresholds/comparedItems``
/// items (a story keeps the words of its first ``StoryThresholds/itemsPerStory`` in its indexes). A story closes
/// ``StoryThresholds/window`` after its latest item and leaves every index: what is kept is bounded by the stories
/// of one window.
public struct StoryClusterer: Sendable {
    /// The thresholds.
    public let thresholds: StoryThresholds

    /// An item of an open story, as kept: its words as numbers (see `vocabulary`; sorted), its versions, its
    /// MinHash signature and its entities.
    private struct KeptItem: Sendable {
        var terms: [Int32]
        var versions: [String: Set<String>]
        var signature: [UInt64]
        /// The entities the matcher found in it.
        var entities: Set<String>
        /// Its language, if told.
        var language: String?
        /// Those of ``terms`` that read the same in every language (sorted).
        var crossTerms: [Int32]
        /// What it reports happened, where, and for how much (see ``StoryFingerprint``).
        var frame: StoryFrame
        /// Those of ``terms`` written as names (sorted).
        var names: [Int32]
    }

    private struct OpenStory: Sendable {
        var id: String
        var tag: String
        var latest: Date
        var items: [KeptItem]
        var terms: Set<Int32>
        var bandKeys: Set<UInt64>
    }

    private var stories: [Int32: OpenStory] = [:]
    /// The open stories by id, for ``restore(_:story:kind:tag:)``.
    private var numbers: [String: Int32] = [:]
    private var nextNumber: Int32 = 0
    /// Every word some open story holds, as a number; the numbers of words no story holds any more are reused.
    private var vocabulary: [String: Int32] = [:]
    private var words: [String] = []
    private var freeWords: [Int32] = []
    /// For each word number, how many open stories hold it, and which (only while they are at most
    /// ``StoryThresholds/maximumPostings``: once a word is held by more, its list is dropped, and only the stories
    /// that take it up afterwards are listed until no open story holds it). Short arrays rather than sets: most
    /// words are held by one story or a few.
    private var holderCounts: [Int32] = []
    private var postings: [[Int32]] = []
    /// For each MinHash band key, the open stories whose items have it.
    private var buckets: [UInt64: [Int32]] = [:]
    /// (latest date, story) in the order stories were last joined or opened; stale entries are skipped.
    private var expiry: [(date: Date, story: Int32)] = []
    private var expiryHead = 0

    /// Creates an empty clusterer.
    public init(thresholds: StoryThresholds = StoryThresholds()) {
        self.thresholds = thresholds
    }

    /// The number of open stories.
    public var openStories: Int { stories.count }

    /// The stable id of the story `key`'s item opens: `s` and 16 hex digits of its FNV-1a hash.
    public static func storyID(openedBy key: String) -> String {
        let hex = String(MinHash.fnv1a(key), radix: 16)
        return "s" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Assigns `item` (items come in order of their dates; an earlier date is taken as the latest seen), tagged
    /// with `tag` (returned as ``StoryAssignment/openerTag`` to the items that join the story it opens).
    public mutating func assign(_ item: StoryItem, tag: String = "") -> StoryAssignment {
        close(before: item.date.addingTimeInterval(-thresholds.window))
        let fingerprint = item.fingerprint ?? StoryFingerprint(item)
        let bandKeys = MinHash.bandKeys(fingerprint.signature)
        let probe = Probe(fingerprint, vocabulary)
        let frame = StoryFrame(fingerprint)
        var best: (story: Int32, copy: Double, score: Double, shared: [Int32], frame: String?)?
        var nearest: (story: Int32, copy: Double, score: Double, shared: Int)?
        var conflict: (story: Int32, reason: String)?
        for number in candidates(probe.known, bandKeys) {
            guard let story = stories[number] else { continue }
            var conflicting: String?
            for kept in story.items where conflicting == nil {
                conflicting =
                    StoryFingerprint.conflict(
                        fingerprint.versions, fingerprint.terms.contains, kept.versions, { holds(kept, $0) })
                    ?? frame.stageConflict(with: kept.frame)
                if conflicting == nil && !fingerprint.entities.isEmpty && !kept.entities.isEmpty
                    && fingerprint.entities.isDisjoint(with: kept.entities)
                {
                    let names = (fingerprint.entities.sorted(), kept.entities.sorted())
                    conflicting = "about \(names.0.joined(separator: ", ")), not \(names.1.joined(separator: ", "))"
                }
            }
            if let reason = conflicting {
                if conflict == nil { conflict = (number, reason) }
                continue
            }
            var copy = 0.0
            var score = 0.0
            var shared: [Int32] = []
            var sameEvent: String?
            for kept in story.items.prefix(thresholds.comparedItems) {
                copy = max(copy, MinHash.agreement(fingerprint.signature, kept.signature))
                if copy >= thresholds.copyAgreement { break }
                let (value, common) = overlap(probe, kept, story: story.terms)
                if value > score || (value == score && common.count > shared.count) {
                    score = value
                    shared = common
                }
                if sameEvent == nil, value >= thresholds.frameScore {
                    let names = common.filter { kept.crossTerms.contains($0) }.map { words[Int($0)] }
                    sameEvent = frame.sameEvent(as: kept.frame, sharedNames: names)
                    if sameEvent == nil {
                        let (agreement, sharedNames) = nameAgreement(probe, kept, story: story.terms)
                        if agreement >= thresholds.nameScore && sharedNames.count >= thresholds.minimumSharedNames {
                            sameEvent = String(
                                format: "the same names (score %.2f, threshold %.2f): %@", agreement,
                                thresholds.nameScore,
                                sharedNames.map { words[Int($0)] }.sorted().prefix(6).joined(separator: ", "))
                        }
                    }
                }
            }
            let covers = score >= thresholds.coverageScore && shared.count >= thresholds.minimumSharedTerms
            let joins = copy >= thresholds.copyAgreement || covers || sameEvent != nil
            if joins {
                // A join by the event frame alone ranks below any join by words.
                let rank = covers || copy >= thresholds.copyAgreement ? score : score - 1
                if best == nil || (copy, rank) > (best!.copy, best!.score) {
                    best = (number, copy, rank, shared, sameEvent)
                }
                if copy >= thresholds.copyAgreement { break }  // a copy: nothing is closer
            } else if nearest == nil || (score, copy) > (nearest!.score, nearest!.copy) {
                nearest = (number, copy, score, shared.count)
            }
        }
        if let best, let story = join(best.story, fingerprint, bandKeys, at: item.date) {
            let sharedWords = best.shared.map { words[Int($0)] }.sorted()
            let why =
                best.copy >= thresholds.copyAgreement
                ? String(
                    format: "copy: shingles agree %.2f (threshold %.2f)", best.copy, thresholds.copyAgreement)
                : best.score < 0
                    ? String(
                        format: "same event: %@; shared words score %.2f (at least %.2f)", best.frame ?? "",
                        best.score + 1, thresholds.frameScore)
                    : String(
                        format: "coverage: shared words score %.2f (threshold %.2f), %d shared: %@", best.score,
                        thresholds.coverageScore, best.shared.count, sharedWords.prefix(8).joined(separator: ", "))
            return StoryAssignment(
                story: story.id, kind: .coverage, reason: "joined \(story.id), \(why)", openerTag: story.tag)
        }
        let id = Self.storyID(openedBy: item.key)
        open(id, tag: tag, fingerprint, bandKeys, at: item.date)
        var why = "no open story is close enough"
        if let nearest, let story = stories[nearest.story] {
            why += String(
                format: " (nearest %@: shared words score %.2f < %.2f or %d < %d shared, shingles agree %.2f < %.2f)",
                story.id, nearest.score, thresholds.coverageScore, nearest.shared, thresholds.minimumSharedTerms,
                nearest.copy, thresholds.copyAgreement)
        }
        if let conflict, let story = stories[conflict.story] {
            why += "; \(story.id) reports another release (\(conflict.reason))"
        }
        return StoryAssignment(story: id, kind: .story, reason: "opened \(id): \(why)", openerTag: tag)
    }

    /// Puts `item` back where an earlier run assigned it, without deciding: into story `story`, which it opened
    /// (`kind` `.story`, with its `tag`) or joined (`.coverage`; a story whose opener is no longer given opens with
    /// `tag`). A daemon restores the items of its open stories, oldest first, to carry on where it stopped.
    public mutating func restore(_ item: StoryItem, story id: String, kind: StoryAssignment.Kind, tag: String) {
        close(before: item.date.addingTimeInterval(-thresholds.window))
        let fingerprint = item.fingerprint ?? StoryFingerprint(item)
        let bandKeys = MinHash.bandKeys(fingerprint.signature)
        if let number = numbers[id], join(number, fingerprint, bandKeys, at: item.date) != nil { return }
        open(id, tag: tag, fingerprint, bandKeys, at: item.date)
    }

    /// Adds an item to open story `number` (kept and indexed while the story holds fewer than
    /// ``StoryThresholds/itemsPerStory``); returns the story, `nil` if it is not open.
    private mutating func join(
        _ number: Int32, _ fingerprint: StoryFingerprint, _ bandKeys: [UInt64], at date: Date
    ) -> OpenStory? {
        guard var story = stories[number] else { return nil }
        story.latest = max(story.latest, date)
        if story.items.count < thresholds.itemsPerStory {
            let kept = keep(fingerprint)
            let newTerms = kept.terms.filter { !story.terms.contains($0) }
            let newKeys = Set(bandKeys).subtracting(story.bandKeys)
            index(newTerms, bandKeys: newKeys, story: number)
            story.terms.formUnion(newTerms)
            story.bandKeys.formUnion(newKeys)
            story.items.append(kept)
        }
        stories[number] = story
        expiry.append((story.latest, number))
        return story
    }

    /// Opens story `id` with one item.
    private mutating func open(
        _ id: String, tag: String, _ fingerprint: StoryFingerprint, _ bandKeys: [UInt64], at date: Date
    ) {
        let number = nextNumber
        nextNumber &+= 1
        let kept = keep(fingerprint)
        numbers[id] = number
        stories[number] = OpenStory(
            id: id, tag: tag, latest: date, items: [kept], terms: Set(kept.terms), bandKeys: Set(bandKeys))
        index(kept.terms, bandKeys: Set(bandKeys), story: number)
        expiry.append((date, number))
    }

    /// The item as kept: its words numbered (new ones get a number).
    private mutating func keep(_ fingerprint: StoryFingerprint) -> KeptItem {
        var terms: [Int32] = []
        terms.reserveCapacity(fingerprint.terms.count)
        for term in fingerprint.terms {
            if let number = vocabulary[term] {
                terms.append(number)
                continue
            }
            let number: Int32
            if let free = freeWords.popLast() {
                number = free
                words[Int(number)] = term
            } else {
                number = Int32(words.count)
                words.append(term)
                postings.append([])
                holderCounts.append(0)
            }
            vocabulary[term] = number
            terms.append(number)
        }
        terms.sort()
        let cross = fingerprint.crossLanguageTerms.compactMap { vocabulary[$0] }.sorted()
        return KeptItem(
            terms: terms, versions: fingerprint.versions, signature: fingerprint.signature,
            entities: fingerprint.entities, language: fingerprint.language, crossTerms: cross,
            frame: StoryFrame(fingerprint), names: fingerprint.names.compactMap { vocabulary[$0] }.sorted())
    }

    /// Whether the kept item holds word `term`.
    private func holds(_ kept: KeptItem, _ term: String) -> Bool {
        guard let number = vocabulary[term] else { return false }
        var low = 0
        var high = kept.terms.count
        while low < high {
            let middle = (low + high) / 2
            if kept.terms[middle] < number { low = middle + 1 } else { high = middle }
        }
        return low < kept.terms.count && kept.terms[low] == number
    }

    /// The stories that share a MinHash band with the item, then those sharing the most rare words, at most
    /// ``StoryThresholds/maximumCandidates`` in all, in a stable order.
    private func candidates(_ known: Set<Int32>, _ bandKeys: [UInt64]) -> [Int32] {
        var banded = Set<Int32>()
        for key in bandKeys { banded.formUnion(buckets[key] ?? []) }
        var hits: [Int32: Int] = [:]
        for term in known {
            guard Int(holderCounts[Int(term)]) <= thresholds.maximumPostings else { continue }
            for number in postings[Int(term)] { hits[number, default: 0] += 1 }
        }
        let ranked = hits.filter { !banded.contains($0.key) }.sorted { a, b in
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        let room = max(0, thresholds.maximumCandidates - banded.count)
        return banded.sorted() + ranked.prefix(room).map(\.key)
    }

    /// A new item's terms as the indexes know them: the numbers of its known words, and how many it has that no
    /// open story holds, of all its terms and of those that read the same in every language.
    private struct Probe {
        var known: Set<Int32>
        var unknown: Int
        var knownCross: [Int32]
        var unknownCross: Int
        var knownNames: [Int32]
        var unknownNames: Int
        var language: String?

        init(_ fingerprint: StoryFingerprint, _ vocabulary: [String: Int32]) {
            known = Set(fingerprint.terms.compactMap { vocabulary[$0] })
            unknown = fingerprint.terms.count - known.count
            knownCross = fingerprint.crossLanguageTerms.compactMap { vocabulary[$0] }
            unknownCross = fingerprint.crossLanguageTerms.count - knownCross.count
            knownNames = fingerprint.names.compactMap { vocabulary[$0] }
            unknownNames = fingerprint.names.count - knownNames.count
            language = fingerprint.language
        }
    }

    /// How far two items name the same things: the weight of the names they share over the weight of the names of
    /// the item that gives more (both must name mostly the same organisations, products and people), and the
    /// shared names.
    private func nameAgreement(_ item: Probe, _ kept: KeptItem, story: Set<Int32>) -> (Double, [Int32]) {
        let common = kept.names.filter(item.knownNames.contains)
        guard !common.isEmpty else { return (0, []) }
        let others = Double(stories.count - 1)
        func weight(_ term: Int32) -> Double {
            let holders = Double(holderCounts[Int(term)] - (story.contains(term) ? 1 : 0))
            return log((others + 1) / (max(holders, 0) + 0.5))
        }
        let weightA =
            item.knownNames.reduce(0) { $0 + weight($1) } + Double(item.unknownNames) * log((others + 1) / 0.5)
        let weightB = kept.names.reduce(0) { $0 + weight($1) }
        let shared = common.reduce(0) { $0 + weight($1) }
        return (shared / max(weightA, weightB, .leastNonzeroMagnitude), common)
    }

    /// The weighted share of the lighter of two items' words that they have in common, and the common words: the
    /// new item (its known words, and the words no open story holds) against a kept item, of a story whose words
    /// are `story`. Between two items in different languages, the words that read the same in every language
    /// (names, numbers, concepts, entities) are all that could be shared, so they alone make each item's weight: a
    /// translation is not made lighter by the words of its own language. Weights count the other open stories
    /// only: a word is not made common by the very story it is compared with.
    private func overlap(_ item: Probe, _ kept: KeptItem, story: Set<Int32>) -> (Double, [Int32]) {
        let common = kept.terms.filter(item.known.contains)
        guard !common.isEmpty else { return (0, []) }
        let others = Double(stories.count - 1)
        func weight(_ term: Int32) -> Double {
            let holders = Double(holderCounts[Int(term)] - (story.contains(term) ? 1 : 0))
            return log((others + 1) / (max(holders, 0) + 0.5))
        }
        let newWord = log((others + 1) / 0.5)
        let translated = item.language != nil && kept.language != nil && item.language != kept.language
        let weightA =
            translated
            ? item.knownCross.reduce(0) { $0 + weight($1) } + Double(item.unknownCross) * newWord
            : item.known.reduce(0) { $0 + weight($1) } + Double(item.unknown) * newWord
        let weightB = (translated ? kept.crossTerms : kept.terms).reduce(0) { $0 + weight($1) }
        let shared = common.reduce(0) { $0 + weight($1) }
        let lighter = translated ? max(weightA, weightB) : min(weightA, weightB)
        return (shared / max(lighter, .leastNonzeroMagnitude), common)
    }

    private mutating func index(_ terms: some Sequence<Int32>, bandKeys: Set<UInt64>, story: Int32) {
        for term in terms {
            holderCounts[Int(term)] += 1
            if Int(holderCounts[Int(term)]) <= thresholds.maximumPostings {
                postings[Int(term)].append(story)
            } else if !postings[Int(term)].isEmpty {
                postings[Int(term)] = []  // too common to find candidates with from now on
            }
        }
        for key in bandKeys { buckets[key, default: []].append(story) }
    }

    /// Closes the stories whose latest item is older than `limit`, removing them from every index; a word no open
    /// story holds any more is forgotten.
    private mutating func close(before limit: Date) {
        while expiryHead < expiry.count && expiry[expiryHead].date < limit {
            let (date, number) = expiry[expiryHead]
            expiryHead += 1
            guard let story = stories[number], story.latest == date else { continue }
            stories[number] = nil
            numbers[story.id] = nil
            for term in story.terms {
                holderCounts[Int(term)] -= 1
                if let place = postings[Int(term)].firstIndex(of: number) { postings[Int(term)].remove(at: place) }
                if holderCounts[Int(term)] == 0 {
                    vocabulary[words[Int(term)]] = nil
                    words[Int(term)] = ""
                    postings[Int(term)] = []
                    freeWords.append(term)
                }
            }
            for key in story.bandKeys {
                buckets[key]?.removeAll { $0 == number }
                if buckets[key]?.isEmpty == true { buckets[key] = nil }
            }
        }
        if expiryHead > 4096 && expiryHead * 2 > expiry.count {
            expiry.removeFirst(expiryHead)
            expiryHead = 0
        }
    }
}
