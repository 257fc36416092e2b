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
/// Either way, two items that give one name different numbers (`Llama 2`, `Llama 3`) never join: precision comes
/// first, as a false merge hides news.
///
/// Candidates come from two indexes, never from a scan: the stories that share a MinHash band with the item, and
/// those that share a word found in at most ``StoryThresholds/maximumPostings`` open stories; at most
/// ``StoryThresholds/maximumCandidates`` are scored, each through its first ``StoryThresholds/comparedItems``
/// items (a story keeps the words of its first ``StoryThresholds/itemsPerStory`` in its indexes). A story closes ``StoryThresholds/window`` after its latest item and leaves every index: what is kept
/// is bounded by the stories of one window.
public struct StoryClusterer: Sendable {
    /// The thresholds.
    public let thresholds: StoryThresholds

    private struct OpenStory: Sendable {
        var id: String
        var latest: Date
        var fingerprints: [StoryFingerprint]
        var terms: Set<String>
        var bandKeys: Set<UInt64>
    }

    private var stories: [Int: OpenStory] = [:]
    private var nextNumber = 0
    private var postings: [String: Set<Int>] = [:]
    private var buckets: [UInt64: Set<Int>] = [:]
    /// (latest date, story) in the order stories were last joined or opened; stale entries are skipped.
    private var expiry: [(date: Date, story: Int)] = []
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

    /// Assigns `item` (items come in order of their dates; an earlier date is taken as the latest seen).
    public mutating func assign(_ item: StoryItem) -> StoryAssignment {
        close(before: item.date.addingTimeInterval(-thresholds.window))
        let fingerprint = StoryFingerprint(item)
        let bandKeys = MinHash.bandKeys(fingerprint.signature)
        var best: (story: Int, copy: Double, score: Double, shared: [String])?
        var nearest: (story: Int, copy: Double, score: Double, shared: Int)?
        var conflict: (story: Int, reason: String)?
        for number in candidates(fingerprint, bandKeys) {
            guard let story = stories[number] else { continue }
            if let reason = story.fingerprints.lazy.compactMap({ fingerprint.conflicts(with: $0) }).first {
                if conflict == nil { conflict = (number, reason) }
                continue
            }
            var copy = 0.0
            var score = 0.0
            var shared: [String] = []
            for other in story.fingerprints.prefix(thresholds.comparedItems) {
                copy = max(copy, MinHash.agreement(fingerprint.signature, other.signature))
                if copy >= thresholds.copyAgreement { break }
                let (value, common) = overlap(fingerprint.terms, other.terms, excluding: story.terms)
                if value > score || (value == score && common.count > shared.count) {
                    score = value
                    shared = common
                }
            }
            let joins =
                copy >= thresholds.copyAgreement
                || (score >= thresholds.coverageScore && shared.count >= thresholds.minimumSharedTerms)
            if joins {
                if best == nil || (copy, score) > (best!.copy, best!.score) { best = (number, copy, score, shared) }
                if copy >= thresholds.copyAgreement { break }  // a copy: nothing is closer
            } else if nearest == nil || (score, copy) > (nearest!.score, nearest!.copy) {
                nearest = (number, copy, score, shared.count)
            }
        }
        if let best, var story = stories[best.story] {
            story.latest = max(story.latest, item.date)
            if story.fingerprints.count < thresholds.itemsPerStory {
                story.fingerprints.append(fingerprint)
                index(
                    fingerprint.terms.subtracting(story.terms), bandKeys: Set(bandKeys).subtracting(story.bandKeys),
                    story: best.story)
                story.terms.formUnion(fingerprint.terms)
                story.bandKeys.formUnion(bandKeys)
            }
            stories[best.story] = story
            expiry.append((story.latest, best.story))
            let why =
                best.copy >= thresholds.copyAgreement
                ? String(
                    format: "copy: shingles agree %.2f (threshold %.2f)", best.copy, thresholds.copyAgreement)
                : String(
                    format: "coverage: shared words score %.2f (threshold %.2f), %d shared: %@", best.score,
                    thresholds.coverageScore, best.shared.count, best.shared.prefix(8).joined(separator: ", "))
            return StoryAssignment(story: story.id, kind: .coverage, reason: "joined \(story.id), \(why)")
        }
        let id = Self.storyID(openedBy: item.key)
        let number = nextNumber
        nextNumber += 1
        stories[number] = OpenStory(
            id: id, latest: item.date, fingerprints: [fingerprint], terms: fingerprint.terms, bandKeys: Set(bandKeys))
        index(fingerprint.terms, bandKeys: Set(bandKeys), story: number)
        expiry.append((item.date, number))
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
        return StoryAssignment(story: id, kind: .story, reason: "opened \(id): \(why)")
    }

    /// The stories that share a MinHash band with the item, then those sharing the most rare words, at most
    /// ``StoryThresholds/maximumCandidates`` in all, in a stable order.
    private func candidates(_ fingerprint: StoryFingerprint, _ bandKeys: [UInt64]) -> [Int] {
        var banded = Set<Int>()
        for key in bandKeys { banded.formUnion(buckets[key] ?? []) }
        var hits: [Int: Int] = [:]
        for term in fingerprint.terms {
            guard let holders = postings[term], holders.count <= thresholds.maximumPostings else { continue }
            for number in holders { hits[number, default: 0] += 1 }
        }
        let ranked = hits.filter { !banded.contains($0.key) }.sorted { a, b in
            a.value != b.value ? a.value > b.value : a.key < b.key
        }
        let room = max(0, thresholds.maximumCandidates - banded.count)
        return banded.sorted() + ranked.prefix(room).map(\.key)
    }

    /// The weighted share of the lighter term set that `a` (the new item's) and `b` (an item of the candidate
    /// story, whose terms are `story`) have in common, and the common terms (heaviest first). Weights count the
    /// other open stories only: a word is not made common by the very story it is compared with.
    private func overlap(_ a: Set<String>, _ b: Set<String>, excluding story: Set<String>) -> (Double, [String]) {
        let common = a.count <= b.count ? a.filter(b.contains) : b.filter(a.contains)
        guard !common.isEmpty else { return (0, []) }
        func weight(_ term: String) -> Double { self.weight(term, excluding: story) }
        let weightA = a.reduce(0) { $0 + weight($1) }
        let weightB = b.reduce(0) { $0 + weight($1) }
        let shared = common.reduce(0) { $0 + weight($1) }
        return (shared / max(min(weightA, weightB), .leastNonzeroMagnitude), common.sorted())
    }

    /// A term's weight: the rarer among the open stories other than the one compared with (whose terms are
    /// `story`), the heavier.
    private func weight(_ term: String, excluding story: Set<String>) -> Double {
        var holders = Double(postings[term]?.count ?? 0)
        var others = Double(stories.count)
        if story.contains(term) { holders -= 1 }
        if !story.isEmpty { others -= 1 }
        return log((others + 1) / (max(holders, 0) + 0.5))
    }

    private mutating func index(_ terms: Set<String>, bandKeys: Set<UInt64>, story: Int) {
        for term in terms { postings[term, default: []].insert(story) }
        for key in bandKeys { buckets[key, default: []].insert(story) }
    }

    /// Closes the stories whose latest item is older than `limit`, removing them from every index.
    private mutating func close(before limit: Date) {
        while expiryHead < expiry.count && expiry[expiryHead].date < limit {
            let (date, number) = expiry[expiryHead]
            expiryHead += 1
            guard let story = stories[number], story.latest == date else { continue }
            stories[number] = nil
            for term in story.terms {
                postings[term]?.remove(number)
                if postings[term]?.isEmpty == true { postings[term] = nil }
            }
            for key in story.bandKeys {
                buckets[key]?.remove(number)
                if buckets[key]?.isEmpty == true { buckets[key] = nil }
            }
        }
        if expiryHead > 4096 && expiryHead * 2 > expiry.count {
            expiry.removeFirst(expiryHead)
            expiryHead = 0
        }
    }
}
