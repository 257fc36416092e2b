import Foundation

/// Story clustering over a fixed set of items, as `vigie stories` runs it on feed files: the daemon's clustering
/// for the items that carry a date, and a rule for those that do not.
///
/// Items come in ``arrivalOrder(_:)``: dated ones by date, undated ones after them. A dated item goes through a
/// ``StoryClusterer`` with the thresholds' window, exactly as in the daemon (where every item has the date it
/// arrived). An undated item has no time that could keep it apart from a story, so the window does not apply to
/// it: it is compared with every story seen so far, through a second clusterer that never closes a story and
/// holds every item (the dated ones restored where the first clusterer put them). That one grows with the input,
/// which suits a command over files, not a daemon.
public struct StoryReplay: Sendable {
    private var windowed: StoryClusterer
    private var unbounded: StoryClusterer
    private var latest = Date(timeIntervalSince1970: 0)

    /// A replay with `thresholds` (their window applies to dated items).
    public init(thresholds: StoryThresholds = StoryThresholds()) {
        windowed = StoryClusterer(thresholds: thresholds)
        var everyStory = thresholds
        everyStory.window = .infinity
        unbounded = StoryClusterer(thresholds: everyStory)
    }

    /// Indices of `dates` in arrival order: dated items by date (ties in the given order), then undated ones in the
    /// given order.
    public static func arrivalOrder(_ dates: [Date?]) -> [Int] {
        let dated = dates.indices.filter { dates[$0] != nil }.sorted { a, b in
            dates[a]! != dates[b]! ? dates[a]! < dates[b]! : a < b
        }
        return dated + dates.indices.filter { dates[$0] == nil }
    }

    /// Assigns an item with its text and entities, dated `date` or undated (`nil`): items are given in
    /// ``arrivalOrder(_:)``.
    public mutating func assign(
        key: String, title: String?, summary: String?, date: Date?, entities: [String] = []
    ) -> StoryAssignment {
        latest = max(latest, date ?? latest)
        let item = StoryItem(key: key, title: title, summary: summary, date: date ?? latest, entities: entities)
        guard date != nil else { return unbounded.assign(item) }
        let assignment = windowed.assign(item)
        unbounded.restore(item, story: assignment.story, kind: assignment.kind, tag: "")
        return assignment
    }
}
