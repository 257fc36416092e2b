/// One phrase of one watch, compiled: what the automaton's pattern must also satisfy to count, and what it counts
/// for.
struct PhraseUse: Sendable {
    /// What makes two uses the same: a phrase written twice in one role (or two spellings of one phrase, such as
    /// `AI Alliance` and `A.I. Alliance`) is compiled once.
    struct Identity: Hashable {
        /// The watch's index.
        var watch: Int
        /// What it counts for.
        var role: Role
        /// Its normalised tokens.
        var pattern: [String]
        /// Its tokens with case kept, when case-sensitive.
        var casedTokens: [String]?
        /// Where punctuation may stand inside it.
        var allowedBreaks: [Int]
        /// Whether it may match part of a compound.
        var matchesInsideCompounds: Bool
        /// Whether it needs context.
        var needsContext: Bool
        /// Whether, as an exception, context lifts it.
        var unlessContext: Bool
    }

    /// What an occurrence counts for in its watch.
    enum Role: Sendable, Hashable {
        /// One of the watch's `any` phrases.
        case any
        /// The watch's `all` phrase number `n`.
        case all(Int)
        /// A veto.
        case not
        /// An exception: of one entity (its index), or of the whole watch (`nil`).
        case except(entity: Int?)
        /// A context term.
        case context
        /// A term of context group `n` (``Watch/contextAll``).
        case contextGroup(Int)
        /// A name or alias of entity number `n`.
        case entity(Int)
        /// Query term number `n`.
        case term(Int)
    }

    /// The phrase as written.
    var written: String
    /// The watch's index.
    var watch: Int
    /// What it counts for.
    var role: Role
    /// Its length in tokens.
    var length: Int
    /// For a case-sensitive phrase, its tokens with case kept.
    var casedTokens: [String]?
    /// Offsets (from 1) of the phrase's tokens that punctuation precedes in the phrase itself, where the text may
    /// have punctuation too (`Institute for Computer Science, Artificial Intelligence`).
    var allowedBreaks: [Int]
    /// Whether it may match part of a compound.
    var matchesInsideCompounds: Bool
    /// Whether an occurrence needs a context term nearby.
    var needsContext: Bool
    /// For an exception: it does not mask an occurrence that the watch's context supports.
    var unlessContext: Bool = false

    /// Whether an occurrence is evidence for the watch (rather than a veto, an exception or context).
    var isEvidence: Bool {
        switch role {
        case .any, .all, .entity, .term: true
        case .not, .except, .context, .contextGroup: false
        }
    }
}
