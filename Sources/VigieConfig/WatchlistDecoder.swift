import Foundation
import TOMLKit
import VigieWatch

/// Reads a parsed TOML document into a ``Watchlist``, checking every key, type and value.
///
/// Problems carry the path of the offending key or value; ``Watchlist/parse(_:file:)`` turns that path into a line
/// and column with ``TOMLSourceMap``.
struct WatchlistDecoder {
    /// What is wrong and at which path.
    struct Problem: Error {
        /// The kind of problem.
        var code: WatchlistError.Code
        /// Where: the key or value at fault.
        var path: [TOMLSourceMap.Step]
        /// What is wrong.
        var reason: String
        /// For a query error, the character offset in the query string.
        var offsetInString: Int? = nil
        /// Whether the place is the value (an element of an array) rather than the key.
        var atValue = false
    }

    typealias Path = [TOMLSourceMap.Step]

    private static let watchKeys = [
        "name", "level", "any", "all", "not", "except", "entities", "context", "context_window", "case_sensitive",
        "fields", "query",
    ]
    private static let entityKeys = ["name", "aliases", "case_sensitive", "needs_context", "except"]
    private static let phraseKeys = ["text", "case_sensitive", "needs_context", "in_compounds"]
    private static let phraseShape = #"strings, or tables such as { text = "Intel", case_sensitive = true }"#

    private let normalizer = TextNormalizer()

    /// Decodes the document's watches.
    func decode(_ document: TOMLTable) throws(Problem) -> Watchlist {
        try checkKeys(document, allowed: ["watch"], at: [], what: "a watchlist (it holds [[watch]] tables)")
        guard let value = document["watch"] else {
            throw Problem(
                code: .missingKey, path: [],
                reason: "no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")")
        }
        guard value.type == .array, let array = value.array else {
            throw Problem(
                code: .wrongType, path: [.key("watch")],
                reason: "`watch` must be an array of tables: write [[watch]] (double brackets), not [watch]")
        }
        var watches: [Watch] = []
        var names: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            let path: Path = [.key("watch"), .index(index)]
            guard let table = element.table else {
                throw Problem(code: .wrongType, path: path, reason: "each `watch` must be a table", atValue: true)
            }
            let watch = try decodeWatch(table, at: path)
            if let first = names[watch.name] {
                throw Problem(
                    code: .duplicateName, path: path + [.key("name")],
                    reason: "a watch named `\(watch.name)` already exists (watch \(first + 1) of this file); "
                        + "watch names must be unique")
            }
            names[watch.name] = index
            watches.append(watch)
        }
        return Watchlist(watches: watches)
    }

    private func decodeWatch(_ table: TOMLTable, at path: Path) throws(Problem) -> Watch {
        try checkKeys(table, allowed: Self.watchKeys, at: path, what: "a watch")
        let name = try requiredName(table, at: path, what: "watch")
        var watch = Watch(name: name)
        if let level = try string(table, "level", at: path) {
            guard let parsed = WatchLevel(rawValue: level) else {
                let known = WatchLevel.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                throw Problem(
                    code: .invalidValue, path: path + [.key("level")],
                    reason: "unknown level `\(level)`; use one of \(known)")
            }
            watch.level = parsed
        }
        let caseSensitive = try bool(table, "case_sensitive", at: path) ?? false
        watch.any = try phrases(table, "any", at: path, caseSensitive: caseSensitive)
        watch.all = try phrases(table, "all", at: path, caseSensitive: caseSensitive)
        watch.not = try phrases(table, "not", at: path, caseSensitive: caseSensitive)
        watch.except = try phrases(table, "except", at: path, caseSensitive: caseSensitive)
        watch.context = try phrases(table, "context", at: path, caseSensitive: caseSensitive)
        watch.entities = try entities(table, at: path, caseSensitive: caseSensitive)
        if let window = try integer(table, "context_window", at: path) {
            guard window >= 0 else {
                throw Problem(
                    code: .invalidValue, path: path + [.key("context_window")],
                    reason: "`context_window` is a number of words and cannot be negative")
            }
            guard !watch.context.isEmpty else {
                throw Problem(
                    code: .invalidValue, path: path + [.key("context_window")],
                    reason: "`context_window` needs `context` terms to measure from; add them or remove it")
            }
            watch.contextWindow = window
        }
        if let fields = try fields(table, at: path) { watch.fields = fields }
        if let source = try string(table, "query", at: path) {
            do {
                watch.query = try Query(source)
            } catch {
                throw Problem(
                    code: .query, path: path + [.key("query")], reason: "query: \(error.reason)",
                    offsetInString: error.offset)
            }
            for phrase in watch.query?.expression.phrases ?? [] where normalizer.normalize(phrase).isEmpty {
                throw Problem(
                    code: .query, path: path + [.key("query")],
                    reason: "query: the phrase \"\(phrase)\" has no letter or digit to match")
            }
        }
        guard !watch.any.isEmpty || !watch.all.isEmpty || !watch.entities.isEmpty || watch.query != nil else {
            throw Problem(
                code: .missingKey, path: path,
                reason: "watch `\(name)` looks for nothing: give it `any`, `all`, `entities` or a `query`")
        }
        return watch
    }

    private func entities(_ table: TOMLTable, at path: Path, caseSensitive: Bool) throws(Problem) -> [Entity] {
        guard let value = table["entities"] else { return [] }
        let key = path + [.key("entities")]
        guard let array = value.array else {
            throw Problem(
                code: .wrongType, path: key,
                reason: "`entities` must be an array of tables ([[watch.entities]] sections), not \(describe(value))")
        }
        var entities: [Entity] = []
        for (index, element) in array.enumerated() {
            let elementPath = key + [.index(index)]
            guard let entityTable = element.table else {
                throw Problem(
                    code: .wrongType, path: elementPath,
                    reason: "each entity must be a table with a `name`, not \(describe(element))", atValue: true)
            }
            try checkKeys(entityTable, allowed: Self.entityKeys, at: elementPath, what: "an entity")
            let name = try requiredName(entityTable, at: elementPath, what: "entity")
            let entityCase = try bool(entityTable, "case_sensitive", at: elementPath) ?? caseSensitive
            try checkWords(name, at: elementPath + [.key("name")])
            entities.append(
                Entity(
                    name: name,
                    aliases: try phrases(entityTable, "aliases", at: elementPath, caseSensitive: entityCase),
                    caseSensitive: entityCase,
                    needsContext: try bool(entityTable, "needs_context", at: elementPath) ?? true,
                    except: try phrases(entityTable, "except", at: elementPath, caseSensitive: entityCase)))
        }
        return entities
    }

    private func phrases(_ table: TOMLTable, _ key: String, at path: Path, caseSensitive: Bool) throws(Problem)
        -> [Phrase]
    {
        guard let value = table[key] else { return [] }
        let keyPath = path + [.key(key)]
        guard let array = value.array else {
            throw Problem(
                code: .wrongType, path: keyPath,
                reason: "`\(key)` must be an array of phrases (\(Self.phraseShape)), not \(describe(value))")
        }
        var phrases: [Phrase] = []
        for (index, element) in array.enumerated() {
            let elementPath = keyPath + [.index(index)]
            if let text = element.string {
                try checkWords(text, at: elementPath)
                phrases.append(Phrase(text, caseSensitive: caseSensitive))
            } else if let options = element.table {
                try checkKeys(options, allowed: Self.phraseKeys, at: elementPath, what: "a phrase")
                guard let text = try string(options, "text", at: elementPath) else {
                    throw Problem(
                        code: .missingKey, path: elementPath, reason: "this phrase table has no `text`", atValue: true)
                }
                try checkWords(text, at: elementPath + [.key("text")])
                phrases.append(
                    Phrase(
                        text, caseSensitive: try bool(options, "case_sensitive", at: elementPath) ?? caseSensitive,
                        needsContext: try bool(options, "needs_context", at: elementPath),
                        matchesInsideCompounds: try bool(options, "in_compounds", at: elementPath)))
            } else {
                throw Problem(
                    code: .wrongType, path: elementPath,
                    reason: "the elements of `\(key)` must be \(Self.phraseShape); this one is \(describe(element))",
                    atValue: true)
            }
        }
        return phrases
    }

    private func fields(_ table: TOMLTable, at path: Path) throws(Problem) -> Set<WatchField>? {
        guard let value = table["fields"] else { return nil }
        let keyPath = path + [.key("fields")]
        let known = WatchField.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let array = value.array else {
            throw Problem(
                code: .wrongType, path: keyPath,
                reason: "`fields` must be an array of field names (\(known)), not \(describe(value))")
        }
        var fields: Set<WatchField> = []
        for (index, element) in array.enumerated() {
            guard let name = element.string, let field = WatchField(rawValue: name) else {
                throw Problem(
                    code: .invalidValue, path: keyPath + [.index(index)],
                    reason: "unknown field \(element.string.map { "\"\($0)\"" } ?? describe(element)); use \(known)",
                    atValue: true)
            }
            fields.insert(field)
        }
        guard !fields.isEmpty else {
            throw Problem(code: .invalidValue, path: keyPath, reason: "`fields` is empty: the watch would read nothing")
        }
        return fields
    }

    private func requiredName(_ table: TOMLTable, at path: Path, what: String) throws(Problem) -> String {
        guard let name = try string(table, "name", at: path) else {
            throw Problem(code: .missingKey, path: path, reason: "this \(what) has no `name`")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Problem(code: .invalidValue, path: path + [.key("name")], reason: "the \(what)'s `name` is empty")
        }
        return name
    }

    private func checkWords(_ text: String, at path: Path) throws(Problem) {
        guard normalizer.normalize(text).isEmpty else { return }
        throw Problem(
            code: .invalidValue, path: path, reason: "the phrase \"\(text)\" has no letter or digit to match",
            atValue: true)
    }

    private func checkKeys(_ table: TOMLTable, allowed: [String], at path: Path, what: String) throws(Problem) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            var reason = "unknown key `\(key)` in \(what)"
            if let suggestion = allowed.min(by: { distance($0, key) < distance($1, key) }),
                distance(suggestion, key) <= 2
            {
                reason += "; did you mean `\(suggestion)`?"
            } else {
                reason += "; known keys: " + allowed.map { "`\($0)`" }.joined(separator: ", ")
            }
            throw Problem(code: .unknownKey, path: path + [.key(key)], reason: reason)
        }
    }

    private func string(_ table: TOMLTable, _ key: String, at path: Path) throws(Problem) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw wrongType(key, "a string", value, at: path) }
        return string
    }

    private func bool(_ table: TOMLTable, _ key: String, at path: Path) throws(Problem) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw wrongType(key, "true or false", value, at: path) }
        return bool
    }

    private func integer(_ table: TOMLTable, _ key: String, at path: Path) throws(Problem) -> Int? {
        guard let value = table[key] else { return nil }
        guard value.type == .int, let integer = value.int else {
            throw wrongType(key, "a whole number", value, at: path)
        }
        return integer
    }

    private func wrongType(_ key: String, _ expected: String, _ value: TOMLValueConvertible, at path: Path) -> Problem {
        Problem(
            code: .wrongType, path: path + [.key(key)], reason: "`\(key)` must be \(expected), not \(describe(value))")
    }

    private func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a floating-point number"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a date or time"
        }
    }

    /// Levenshtein distance, for "did you mean" suggestions.
    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
