import Foundation
import VigieStore
import VigieWatch

/// What a watchlist change would have done to the items already seen (`vigie backtest`), as a function of values:
/// the kept item texts and two matchers in, the (item, watch) pairs that one fires and the other does not out.
public enum Backtest {
    /// One (item, watch) the change adds or drops.
    public struct Change: Sendable, Equatable {
        /// Whether the proposed watchlists fire the watch on the item and the current ones do not (`added`), or
        /// the reverse (`dropped`).
        public enum Kind: String, Sendable, Equatable {
            /// Fired by the proposed watchlists only.
            case added
            /// Fired by the current watchlists only.
            case dropped
        }

        /// Added or dropped.
        public var kind: Kind
        /// The watch.
        public var watch: String
        /// The item.
        public var item: ItemText
    }

    /// The changes over `items`, grouped by watch (watches in the proposed then current watchlists' order), in
    /// item order within a watch: each item matched as the daemon matched it (title, summary, content), once by
    /// `current` and once by `proposed`.
    public static func changes(over items: [ItemText], current: Watchlist, proposed: Watchlist)
        throws(WatchlistError) -> [Change]
    {
        let (before, after) = (try Matcher(watchlist: current), try Matcher(watchlist: proposed))
        return changes(over: items, current: before, proposed: after, order: proposed.watches + current.watches)
    }

    private static func changes(over items: [ItemText], current: Matcher, proposed: Matcher, order watches: [Watch])
        -> [Change]
    {
        var byWatch: [String: [Change]] = [:]
        for item in items {
            let matchable = MatchableItem(id: item.id, title: item.title, summary: item.summary, content: item.content)
            let before = Set(current.match(matchable).map(\.watch))
            let after = Set(proposed.match(matchable).map(\.watch))
            for watch in after.subtracting(before) {
                byWatch[watch, default: []].append(Change(kind: .added, watch: watch, item: item))
            }
            for watch in before.subtracting(after) {
                byWatch[watch, default: []].append(Change(kind: .dropped, watch: watch, item: item))
            }
        }
        var order: [String] = []
        for name in watches.map(\.name) where !order.contains(name) {
            order.append(name)
        }
        return order.flatMap { byWatch[$0] ?? [] }
    }

    /// The watchlist `current` becomes when the watches of `changed` replace those of the same name, and those
    /// with a new name are added at the end: what editing one watchlist file and reloading would give.
    public static func overlay(_ current: Watchlist, with changed: Watchlist) -> Watchlist {
        let replacements = Dictionary(changed.watches.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let known = Set(current.watches.map(\.name))
        return Watchlist(
            watches: current.watches.map { replacements[$0.name] ?? $0 }
                + changed.watches.filter { !known.contains($0.name) })
    }
}
