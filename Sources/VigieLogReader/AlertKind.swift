/// What a line of the alert log records (`kind`).
public enum AlertKind: String, Sendable, CaseIterable {
    /// The article that opened its story: the alert. Lines written before stories existed have no `kind` and count
    /// as this.
    case story
    /// A later article of an open story (another outlet, a copy, a rewrite).
    case coverage
    /// The health of a feed (it stopped answering, it came back): `watch` is `null` and `watches` empty.
    case feedHealth = "feed-health"
}
