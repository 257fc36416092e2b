/// A named organisation a watch recognises under several names; alerts name it by its canonical ``name``.
public struct Entity: Sendable, Hashable {
    /// The canonical name, used in alerts; it is also looked for in the text, like an alias.
    public var name: String
    /// Other names and spellings.
    public var aliases: [Phrase]
    /// Whether the canonical name must match in case (aliases carry their own setting).
    public var caseSensitive: Bool
    /// Whether an occurrence needs one of the watch's context terms nearby (organisations that only work on AI
    /// need none).
    public var needsContext: Bool
    /// Phrases that contain one of the entity's names but mean something else (`Oracle of Omaha`): an occurrence
    /// of the entity inside one of them does not count.
    public var except: [Phrase]

    /// Creates an entity.
    public init(
        name: String, aliases: [Phrase] = [], caseSensitive: Bool = false, needsContext: Bool = true,
        except: [Phrase] = []
    ) {
        self.name = name
        self.aliases = aliases
        self.caseSensitive = caseSensitive
        self.needsContext = needsContext
        self.except = except
    }

    /// The canonical name followed by the aliases, as phrases.
    public var phrases: [Phrase] {
        [Phrase(name, caseSensitive: caseSensitive)] + aliases
    }
}
