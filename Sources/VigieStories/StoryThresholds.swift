import Foundation

/// The numbers clustering decides with (the README's "Stories" section explains each).
public struct StoryThresholds: Sendable, Hashable {
    /// How long a story stays open after its latest item: `[stories] window` (default 72 hours).
    public var window: TimeInterval
    /// The share of MinHash positions two items must agree on to be copies of one text.
    public var copyAgreement: Double
    /// The weighted share of distinctive words two items must have in common to report one event.
    public var coverageScore: Double
    /// And at least this many distinctive words in common.
    public var minimumSharedTerms: Int
    /// The shared-words score (as ``coverageScore``) two items reporting the same event frame need: the same kinds
    /// of news, two names and an amount or a place in common (see ``StoryClusterer``).
    public var frameScore: Double
    /// Or, with the same floor, the weighted share of names two items must have in common, over the names of the one
    /// that gives more (see ``StoryFingerprint/names``)…
    public var nameScore: Double
    /// … and at least this many shared names.
    public var minimumSharedNames: Int
    /// A word found in more open stories than this is too common to find candidates with (it still counts in the
    /// score): it keeps the lookup cost per item bounded, whatever the number of open stories.
    public var maximumPostings: Int
    /// At most this many candidate stories are scored per item (those sharing the most rare words, and every one
    /// sharing a MinHash band).
    public var maximumCandidates: Int
    /// The items of a story kept for comparison and indexed (its first ones): a story's memory stays bounded.
    public var itemsPerStory: Int
    /// Of those, how many an item is compared with (the first ones).
    public var comparedItems: Int

    /// The defaults: 72 hours, copies at 0.5 agreement, coverage at a score of 0.40 with 3 shared words. On the dev
    /// set 0.35 is the lowest score that merges no near-miss pair and 0.34 merges 13; the default keeps a margin of
    /// 0.05 above that edge, as a false merge hides news (precision first). The same event told otherwise joins
    /// from a score of 0.20 with the same frame, or with 4 shared names weighing 0.60 of the names (on the dev set
    /// 0.40 to 0.60 give the same stories, 0.65 loses a join; none merges a near-miss pair).
    public init(
        window: TimeInterval = 72 * 3600, copyAgreement: Double = 0.5, coverageScore: Double = 0.40,
        minimumSharedTerms: Int = 3, frameScore: Double = 0.20, nameScore: Double = 0.60,
        minimumSharedNames: Int = 4, maximumPostings: Int = 256, maximumCandidates: Int = 24, itemsPerStory: Int = 8,
        comparedItems: Int = 4
    ) {
        self.window = window
        self.copyAgreement = copyAgreement
        self.coverageScore = coverageScore
        self.minimumSharedTerms = minimumSharedTerms
        self.frameScore = frameScore
        self.nameScore = nameScore
        self.minimumSharedNames = minimumSharedNames
        self.maximumPostings = maximumPostings
        self.maximumCandidates = maximumCandidates
        self.itemsPerStory = itemsPerStory
        self.comparedItems = comparedItems
    }
}
