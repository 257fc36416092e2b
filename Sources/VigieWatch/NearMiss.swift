/// Why something a watch looks for was found and yet did not count, for `vigie match --explain`.
public struct NearMiss: Sendable, Equatable, CustomStringConvertible {
    /// The reason.
    public enum Reason: Sendable, Equatable {
        /// A case-sensitive phrase found with other capitals (`intel` for `Intel`).
        case caseDiffers
        /// The phrase is only part of a compound word (`Meta` in `Meta-analysis`), given whole here.
        case insideCompound(String)
        /// Punctuation stands inside the occurrence (`Together, AI` for `Together AI`).
        case crossesPunctuation
        /// Found in a field the watch does not read.
        case fieldNotWatched
        /// Found inside one of the watch's (or entity's) `except` phrases, given here as it appears.
        case masked(by: String)
        /// No context term near it: within this many words, or anywhere when `nil`.
        case noContext(window: Int?)
        /// A `not` phrase occurs: the watch is vetoed.
        case vetoed
        /// An `all` phrase does not occur.
        case missing
        /// The watch's query does not hold.
        case queryFalse
        /// Nothing the watch looks for occurs.
        case nothingFound
    }

    /// The reason.
    public var reason: Reason
    /// The text as it appears in the item, when something was found.
    public var found: String?
    /// The phrase as written in the watchlist.
    public var phrase: String?
    /// The entity the phrase names, if any.
    public var entity: String?
    /// The field where it was found.
    public var field: WatchField?

    /// Creates a near miss.
    public init(
        reason: Reason, found: String? = nil, phrase: String? = nil, entity: String? = nil, field: WatchField? = nil
    ) {
        self.reason = reason
        self.found = found
        self.phrase = phrase
        self.entity = entity
        self.field = field
    }

    /// One line for humans, e.g. `Meta found in title, no context term within 30 words`.
    public var description: String {
        let found = "\"\(self.found ?? "")\""
        let place = field.map { " (\($0.rawValue))" } ?? ""
        let phrase = "\"\(self.phrase ?? "")\""
        let body: String
        switch reason {
        case .caseDiffers:
            body = "\(found)\(place) does not match \(phrase): case-sensitive"
        case .insideCompound(let compound):
            body = "\(found)\(place) is part of the compound \"\(compound)\", another word"
        case .crossesPunctuation:
            body = "\(found)\(place) has punctuation inside the phrase \(phrase)"
        case .fieldNotWatched:
            body = "\(found)\(place) is in a field this watch does not read"
        case .masked(let exception):
            body = "\(found)\(place) is inside the exception \"\(exception)\""
        case .noContext(let window):
            let label = entity.map { $0 + (self.found == $0 ? "" : " (as \(found))") } ?? found
            let distance = window.map { "within \($0) words" } ?? "in the item"
            return "\(label) found in \(field?.rawValue ?? "the item"), no context term \(distance)"
        case .vetoed:
            return "vetoed by \(found)\(place)"
        case .missing:
            return "\(phrase) (all) not found"
        case .queryFalse:
            return "the query does not hold"
        case .nothingFound:
            return "none of its phrases occurs"
        }
        return (entity.map { "\($0): " } ?? "") + body
    }
}
