extension Match {
    /// The entities of `matches` (the watches that fired on one item), each once: in watchlist order, then each
    /// watch's own order.
    public static func entities(of matches: [Match]) -> [String] {
        var entities: [String] = []
        for match in matches {
            for entity in match.entities where !entities.contains(entity) { entities.append(entity) }
        }
        return entities
    }
}
