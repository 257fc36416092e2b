import Foundation

/// An item as story clustering sees it: its identity, its text, when it arrived, and what the matcher found in it.
public struct StoryItem: Sendable, Hashable {
    /// The item's key (its article key in the daemon, its id in `vigie stories`); a story's id derives from the
    /// key of the item that opened it.
    public var key: String
    /// The headline.
    public var title: String?
    /// The lead or summary, as plain text.
    public var summary: String?
    /// When the item arrived (the daemon's clock) or was published (`vigie stories`).
    public var date: Date
    /// Canonical names of the organisations the matcher found in it: a shared one counts like a rare shared word,
    /// across languages (`Universidad de Navarra` and `University of Navarra` are one entity).
    public var entities: [String]
    /// Its fingerprint, when it was made beforehand (the daemon makes them on its reader threads, in parallel, so
    /// that the clusterer, which takes items one at a time, only compares); `nil`: the clusterer makes it. It must
    /// be `StoryFingerprint(item)` of this same item.
    public var fingerprint: StoryFingerprint?

    /// Creates an item.
    public init(key: String, title: String?, summary: String?, date: Date, entities: [String] = []) {
        self.key = key
        self.title = title
        self.summary = summary
        self.date = date
        self.entities = entities
    }
}
