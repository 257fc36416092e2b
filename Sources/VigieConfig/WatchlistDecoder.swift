import TOMLKit
import VigieWatch

/// Reads one watchlist file's TOML into watches, checking every key, type and value, and recording every problem
/// in the ``TOMLDocument`` rather than stopping at the first.
///
/// A watch with problems is still decoded as far as it goes, so that later checks (a duplicate name) run on it
/// too; the watchlist is only used when the file has no problem at all. Phrases with no word are refused here, at
/// their place, with the matcher's own test (``TextNormalizer/hasWords(_:)``).
struct WatchlistDecoder {
    /// The file, and the problems found in it.
    private(set) var document: TOMLDocument

    private static let watchKeys = [
        "name", "level", "any", "all", "not", "except", "entities", "context", "context_all", "context_window",
        "case_sensitive",
        "fields", "query",
    ]
    private static let entityKeys = ["name", "aliases", "case_sensitive", "needs_context", "except"]
    private static let phraseKeys = ["text", "case_sensitive", "needs_context", "in_compounds", "unless_context"]
    private static let phraseShape = #"a string, or a table such as { text = "Intel", case_sensitive = true }"#

    private let normalizer = TextNormalizer()

    /// Prepares to read `document`.
    init(_ document: TOMLDocument) {
        self.document = document
    }

    /// The watches of the file, each with the path of its `[[watch]]` table (`watch[2]`), in file order.
    mutating func decode() -> [(watch: Watch, path: TOMLPath)] {
        let root = document.root
        document.checkKeys(root, at: .root, known: ["watch"], in: "a watchlist (it holds [[watch]] tables)")
        guard let value = root["watch"] else {
            document.report(
                .missingKey, at: .root,
                "no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")")
            return []
        }
        let key = TOMLPath.root.key("watch")
        guard value.type == .array, let array = value.array else {
            let found = value.type == .table ? "[watch]" : TOMLDocument.describe(value)
            document.report(
                .wrongType, at: key, "must be an array of tables: write [[watch]] (double brackets), not \(found)")
            return []
        }
        var watches: [(watch: Watch, path: TOMLPath)] = []
        var names: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            let path = key.index(index)
            guard let table = element.table else {
                document.report(
                    .wrongType, at: path, "must be a [[watch]] table, not \(TOMLDocument.describe(element))")
                continue
            }
            let watch = decodeWatch(table, at: path)
            if !watch.name.isEmpty {
                if let first = names[watch.name] {
                    document.report(
                        .duplicateName, at: path.key("name"),
                        "a watch named `\(watch.name)` already exists (watch \(first + 1) of this file); "
                            + "watch names must be unique")
                } else {
                    names[watch.name] = index
                }
            }
            watches.append((watch, path))
        }
        return watches
    }

    /// One watch; its name is empty when it has none (a problem says so).
    private mutating func decodeWatch(_ table: TOMLTable, at path: TOMLPath) -> Watch {
        document.checkKeys(table, at: path, known: Self.watchKeys, in: "a watch")
        var watch = Watch(name: requiredName(table, at: path, what: "watch") ?? "")
        if let level = document.string(table, "level", at: path) {
            if let parsed = WatchLevel(rawValue: level) {
                watch.level = parsed
            } else {
                let known = WatchLevel.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                document.report(
                    .invalidValue, at: path.key("level"), "unknown level `\(level)`; use one of \(known)")
            }
        }
        let caseSensitive = document.bool(table, "case_sensitive", at: path) ?? false
        // What the watch looks for; "looks for nothing" is only said when none of it was wrongly written.
        let beforeTerms = document.problems.count
        watch.any = phrases(table, "any", at: path, caseSensitive: caseSensitive)
        watch.all = phrases(table, "all", at: path, caseSensitive: caseSensitive)
        watch.entities = entities(table, at: path, caseSensitive: caseSensitive)
        watch.query = query(table, at: path)
        if watch.any.isEmpty && watch.all.isEmpty && watch.entities.isEmpty && watch.query == nil
            && document.problems.count == beforeTerms
        {
            let name = watch.name.isEmpty ? "this watch" : "watch `\(watch.name)`"
            document.report(
                .missingKey, at: path, "\(name) looks for nothing: give it `any`, `all`, `entities` or a `query`")
        }
        watch.not = phrases(table, "not", at: path, caseSensitive: caseSensitive)
        watch.except = phrases(table, "except", at: path, caseSensitive: caseSensitive)
        let beforeContext = document.problems.count
        watch.context = phrases(table, "context", at: path, caseSensitive: caseSensitive)
        watch.contextAll = contextGroups(table, at: path, caseSensitive: caseSensitive)
        let contextIsWrong = document.problems.count > beforeContext
        if let window = document.integer(table, "context_window", at: path) {
            if window < 0 {
                document.report(
                    .invalidValue, at: path.key("context_window"),
                    "is a number of words and cannot be negative")
            } else if !watch.hasContext && !contextIsWrong {
                document.report(
                    .invalidValue, at: path.key("context_window"),
                    "needs `context` terms (or `context_all` groups) to measure from; add them or remove it")
            } else {
                watch.contextWindow = window
            }
        }
        if let fields = fields(table, at: path) { watch.fields = fields }
        return watch
    }

    private mutating func query(_ table: TOMLTable, at path: TOMLPath) -> Query? {
        guard let source = document.string(table, "query", at: path) else { return nil }
        let query: Query
        do {
            query = try Query(source)
        } catch {
            document.report(.query, at: path.key("query"), error.reason, offset: error.offset)
            return nil
        }
        for term in query.expression.phrases where !normalizer.hasWords(term) {
            document.report(.query, at: path.key("query"), Self.noWord(term))
        }
        return query
    }

    private mutating func entities(_ table: TOMLTable, at path: TOMLPath, caseSensitive: Bool) -> [Entity] {
        let expected = "an array of tables ([[watch.entities]] sections)"
        guard let array = document.array(table, "entities", at: path, expected: expected) else { return [] }
        var entities: [Entity] = []
        for (index, element) in array.enumerated() {
            let elementPath = path.key("entities").index(index)
            guard let entityTable = element.table else {
                document.report(
                    .wrongType, at: elementPath,
                    "must be a table with a `name`, not \(TOMLDocument.describe(element))")
                continue
            }
            document.checkKeys(entityTable, at: elementPath, known: Self.entityKeys, in: "an entity")
            let name = requiredName(entityTable, at: elementPath, what: "entity")
            if let name { checkWords(name, at: elementPath.key("name")) }
            let entityCase = document.bool(entityTable, "case_sensitive", at: elementPath) ?? caseSensitive
            let entity = Entity(
                name: name ?? "",
                aliases: phrases(entityTable, "aliases", at: elementPath, caseSensitive: entityCase),
                caseSensitive: entityCase,
                needsContext: document.bool(entityTable, "needs_context", at: elementPath) ?? true,
                except: phrases(entityTable, "except", at: elementPath, caseSensitive: entityCase))
            if name != nil { entities.append(entity) }
        }
        return entities
    }

    /// `context_all`: an array of groups, each a non-empty array of phrases.
    private mutating func contextGroups(_ table: TOMLTable, at path: TOMLPath, caseSensitive: Bool) -> [[Phrase]] {
        let expected = #"an array of groups of phrases, such as [["Meta", "Meta Platforms"], ["IBM"]]"#
        guard let array = document.array(table, "context_all", at: path, expected: expected) else { return [] }
        var groups: [[Phrase]] = []
        for (index, element) in array.enumerated() {
            let groupPath = path.key("context_all").index(index)
            guard let group = element.array else {
                document.report(
                    .wrongType, at: groupPath,
                    "must be an array of phrases (one group), not \(TOMLDocument.describe(element))")
                continue
            }
            let phrases = phrases(group, at: groupPath, caseSensitive: caseSensitive)
            if group.isEmpty {
                document.report(.invalidValue, at: groupPath, "is empty: a group needs at least one phrase")
            } else if !phrases.isEmpty {
                groups.append(phrases)
            }
        }
        return groups
    }

    private mutating func phrases(_ table: TOMLTable, _ key: String, at path: TOMLPath, caseSensitive: Bool)
        -> [Phrase]
    {
        let expected = "an array of phrases (each \(Self.phraseShape))"
        guard let array = document.array(table, key, at: path, expected: expected) else { return [] }
        return phrases(array, at: path.key(key), caseSensitive: caseSensitive)
    }

    private mutating func phrases(_ array: TOMLArray, at arrayPath: TOMLPath, caseSensitive: Bool) -> [Phrase] {
        var phrases: [Phrase] = []
        for (index, element) in array.enumerated() {
            let elementPath = arrayPath.index(index)
            if let text = element.string {
                checkWords(text, at: elementPath)
                phrases.append(Phrase(text, caseSensitive: caseSensitive))
            } else if let options = element.table {
                document.checkKeys(options, at: elementPath, known: Self.phraseKeys, in: "a phrase")
                guard let text = document.string(options, "text", at: elementPath) else {
                    if options["text"] == nil {
                        document.report(.missingKey, at: elementPath.key("text"), "this phrase table has no `text`")
                    }
                    continue
                }
                checkWords(text, at: elementPath.key("text"))
                phrases.append(
                    Phrase(
                        text,
                        caseSensitive: document.bool(options, "case_sensitive", at: elementPath) ?? caseSensitive,
                        needsContext: document.bool(options, "needs_context", at: elementPath),
                        matchesInsideCompounds: document.bool(options, "in_compounds", at: elementPath),
                        unlessContext: document.bool(options, "unless_context", at: elementPath) ?? false))
            } else {
                document.report(
                    .wrongType, at: elementPath,
                    "a phrase must be \(Self.phraseShape), not \(TOMLDocument.describe(element))")
            }
        }
        return phrases
    }

    private mutating func fields(_ table: TOMLTable, at path: TOMLPath) -> Set<WatchField>? {
        let known = WatchField.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let expected = "an array of field names (\(known))"
        guard let array = document.array(table, "fields", at: path, expected: expected) else { return nil }
        var fields: Set<WatchField> = []
        var wrong = false
        for (index, element) in array.enumerated() {
            let elementPath = path.key("fields").index(index)
            guard let name = document.string(element, at: elementPath) else {
                wrong = true
                continue
            }
            guard let field = WatchField(rawValue: name) else {
                document.report(.invalidValue, at: elementPath, "unknown field \"\(name)\"; use \(known)")
                wrong = true
                continue
            }
            fields.insert(field)
        }
        if fields.isEmpty && !wrong {
            document.report(.invalidValue, at: path.key("fields"), "is empty: the watch would read nothing")
        }
        return fields.isEmpty ? nil : fields
    }

    /// Records a phrase (at `path`) with no letter or digit, which the matcher would refuse.
    private mutating func checkWords(_ text: String, at path: TOMLPath) {
        guard !normalizer.hasWords(text) else { return }
        document.report(.invalidValue, at: path, Self.noWord(text))
    }

    private static func noWord(_ text: String) -> String {
        "the phrase \"\(text)\" has no letter or digit to match"
    }

    /// The `name` of a watch or an entity (`what`), or `nil` with a problem when it is missing or empty.
    private mutating func requiredName(_ table: TOMLTable, at path: TOMLPath, what: String) -> String? {
        guard let name = document.string(table, "name", at: path) else {
            if table["name"] == nil {
                document.report(.missingKey, at: path.key("name"), "every \(what) needs a `name`")
            }
            return nil
        }
        guard name.contains(where: { !$0.isWhitespace }) else {
            document.report(.invalidValue, at: path.key("name"), "the \(what)'s name is empty")
            return nil
        }
        return name
    }
}
