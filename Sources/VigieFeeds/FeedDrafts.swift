import Foundation

/// A field several elements can supply: the value from the best-ranked (lowest number) one wins; among equals, the
/// first in document order.
struct Ranked<Value> {
    /// The value kept so far.
    private(set) var value: Value?
    private var rank = Int.max

    /// Keeps `candidate` if it is present and ranks better than what is kept.
    mutating func offer(_ candidate: Value?, rank: Int) {
        guard let candidate, rank < self.rank else { return }
        value = candidate
        self.rank = rank
    }
}

/// Feed-level fields being collected.
struct ChannelDraft {
    var title = Ranked<String>()
    var link = Ranked<String>()
    var language: String?
    var updated = Ranked<Date>()
    /// RSS `<ttl>`, in minutes.
    var ttlMinutes: Double?
    /// `sy:updatePeriod` (hourly, daily, weekly, monthly, yearly).
    var updatePeriod: String?
    /// `sy:updateFrequency`: how many times per period.
    var updateFrequency: Double?

    /// The polling interval the publisher asks for, in seconds: `<ttl>` first, else the syndication module.
    var refreshInterval: TimeInterval? {
        if let ttlMinutes, ttlMinutes > 0 { return ttlMinutes * 60 }
        guard let updatePeriod else { return nil }
        let period: TimeInterval
        switch updatePeriod.lowercased() {
        case "hourly": period = 3600
        case "daily": period = 86400
        case "weekly": period = 7 * 86400
        case "monthly": period = 30 * 86400
        case "yearly": period = 365 * 86400
        default: return nil
        }
        let frequency = updateFrequency ?? 1
        return frequency > 0 ? period / frequency : nil
    }
}

/// Item fields being collected.
struct ItemDraft {
    var id = Ranked<String>()
    var title = Ranked<String>()
    var link = Ranked<String>()
    var published = Ranked<Date>()
    var updated = Ranked<Date>()
    var summary = Ranked<String>()
    var content = Ranked<String>()
    var authors: [String] = []
    var categories: [String] = []

    /// The finished item; see ``FeedItem/id`` for the identifier fallbacks.
    func makeItem() -> FeedItem {
        let identifier =
            id.value ?? link.value
            ?? FeedItem.fallbackIdentifier(title: title.value, content: content.value ?? summary.value)
        return FeedItem(
            id: identifier, title: title.value, link: link.value, published: published.value,
            updated: updated.value, authors: authors, categories: categories, summary: summary.value,
            content: content.value)
    }
}

/// An Atom person construct (`author`, `contributor`) being collected.
struct PersonDraft {
    var name: String?
    var email: String?
}

extension Array where Element == String {
    /// Appends `value` unless it is empty or already present.
    mutating func appendUnique(_ value: String) {
        guard !value.isEmpty, !contains(value) else { return }
        append(value)
    }
}
