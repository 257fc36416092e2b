/// One thing to watch for: what must (and must not) appear in an item for it to raise an alert, and how urgent
/// that alert is.
///
/// A watch fires on an item when, in the fields it reads:
/// - no `not` phrase occurs (they veto the watch);
/// - some `any` phrase occurs (when there are any), every `all` phrase occurs, some entity occurs (when there are
///   entities), and the `query` holds (when there is one);
/// - occurrences inside an `except` phrase (`European AI Alliance` around `AI Alliance`) do not count;
/// - when there are `context` terms, each `any` phrase or entity occurrence counts only with a context term outside
///   it, within ``contextWindow`` words when set (anywhere in the fields read otherwise); when the title holds a
///   context term and something the watch looks for, the item is on topic and the title's context terms support
///   occurrences anywhere in it; a watch with only `all` phrases or a query needs one context term near one of
///   them;
/// - ``contextAll`` groups work the same way and all together: an occurrence that needs context needs a term of
///   every group near it (the AI Alliance described rather than named, "Meta and IBM form an AI alliance", needs
///   both founders).
public struct Watch: Sendable, Hashable {
    /// The watch's name, unique in a watchlist; alerts carry it.
    public var name: String
    /// How urgent its alerts are.
    public var level: WatchLevel
    /// Phrases of which at least one must occur.
    public var any: [Phrase]
    /// Phrases that must all occur.
    public var all: [Phrase]
    /// Phrases that veto the watch when they occur.
    public var not: [Phrase]
    /// Phrases inside which an occurrence of the watch's other phrases does not count.
    public var except: [Phrase]
    /// Organisations with aliases; an alert names the ones found.
    public var entities: [Entity]
    /// Terms of which one must occur near an `any` phrase or an entity.
    public var context: [Phrase]
    /// Groups of terms: an occurrence that needs context needs one term of each group near it, besides a
    /// ``context`` term when there are some.
    public var contextAll: [[Phrase]]
    /// How many words may separate a context term from the occurrence it supports (`nil`: any distance).
    public var contextWindow: Int?
    /// The fields read.
    public var fields: Set<WatchField>
    /// An optional boolean expression over phrases, as a further condition.
    public var query: Query?

    /// Creates a watch.
    public init(
        name: String, level: WatchLevel = .notice, any: [Phrase] = [], all: [Phrase] = [], not: [Phrase] = [],
        except: [Phrase] = [], entities: [Entity] = [], context: [Phrase] = [], contextAll: [[Phrase]] = [],
        contextWindow: Int? = nil, fields: Set<WatchField> = Set(WatchField.allCases), query: Query? = nil
    ) {
        self.name = name
        self.level = level
        self.any = any
        self.all = all
        self.not = not
        self.except = except
        self.entities = entities
        self.context = context
        self.contextAll = contextAll
        self.contextWindow = contextWindow
        self.fields = fields
        self.query = query
    }

    /// Whether some occurrences need context: the watch has ``context`` terms or ``contextAll`` groups.
    public var hasContext: Bool { !context.isEmpty || !contextAll.isEmpty }

    /// The number of phrases the watch compiles into the matcher (names and aliases, context terms, query terms).
    public var phraseCount: Int {
        any.count + all.count + not.count + except.count + context.count + contextAll.reduce(0) { $0 + $1.count }
            + (query?.expression.phrases.count ?? 0)
            + entities.reduce(0) { $0 + 1 + $1.aliases.count + $1.except.count }
    }
}
