import Foundation

/// What clustering compares of an item: its distinctive words, its version numbers and a MinHash signature of its
/// word shingles, computed once.
///
/// - ``terms``: the words of title and summary, case and accents folded, without the common words of the seven
///   languages Vigie reads (``StopWords``), the words of AI news in general (``StoryLexicon/domainWords``) and
///   one-letter words, plus `concept:NAME` for each place, regulator or kind of news the lexicon knows in any of
///   the languages (``StoryLexicon/concepts``) and `entity:NAME` for each entity; numbers stay whole (`3.0`, `1.3`,
///   `15.5b`; a decimal comma is a dot); initials with dots are one word (`U.K.` is `uk`).
/// - ``versions``: for each name followed by a number (`Llama 3`, `Granite 3.0`, `Gaudi2`, `StarCoder2`), the
///   numbers: two items giving the same name different numbers are different releases.
/// - ``signature``: a MinHash of the text's 3-word shingles (all words, common ones included), whose agreement
///   estimates how much of the text two items share word for word: copies (wire stories, press releases,
///   aggregators) agree on most of it.
public struct StoryFingerprint: Sendable, Hashable {
    /// Distinctive words and entities.
    public let terms: Set<String>
    /// Name to the numbers that follow it.
    public let versions: [String: Set<String>]
    /// The MinHash signature (``MinHash/size`` values).
    public let signature: [UInt64]
    /// The entities the matcher found (also among ``terms`` as `entity:NAME`).
    public let entities: Set<String>
    /// The language of the text, by its common words (`en`, `fr`, `de`, `es`, `it`, `pt`), when at least two of
    /// them and more of one language than of any other tell it.
    public let language: String?
    /// The terms that read the same in every language: numbers, concepts, entities, and words written with a
    /// capital or with digits (names of organisations, products and people, acronyms). Between items in two
    /// languages only these can be shared, so only these weigh against the shared ones (see ``StoryClusterer``).
    public let crossLanguageTerms: Set<String>
    /// The kinds of news the item reports (``StoryLexicon/actions``: `acquire`, `approve`, `investigate`…), without
    /// the `concept:` prefix.
    public let actions: Set<String>
    /// The places and regulators it names (the other concepts), without the `concept:` prefix.
    public let places: Set<String>
    /// The amounts it gives: numbers followed by a scale or currency word (`1.3 billion`, `665 millions`), or
    /// written with one (`$1.3B`, `6,4 mrd`), as in ``terms`` (`1.3`); not versions, counts or dates.
    public let amounts: Set<String>
    /// The names it gives (organisations, products, people, places as written), told by how they are written, not
    /// by position: a word with a digit or with two capitals (`IBM`, `HashiCorp`, `WxC`), or one with a capital
    /// inside a sentence of a field not written in title case (`Oracle, SUSE and CIQ launch…`: `suse`, `ciq`; in
    /// `Red Hat Restricts Access to Its Source Code` the capitals say nothing); and the entities.
    public let names: Set<String>

    /// The fingerprint of `item`.
    public init(_ item: StoryItem) {
        let text = [item.title, item.summary].compactMap { $0 }.joined(separator: " \u{2029} ")
        let words = Self.words(of: text)
        var terms = Set<String>()
        var versions: [String: Set<String>] = [:]
        var amounts = Set<String>()
        var previous: String?
        for (index, raw) in words.enumerated() {
            let word = Self.canonicalNumber(raw)
            if word == Self.breakMark {
                previous = nil
                continue
            }
            let numeric = word.first?.isNumber == true
            if numeric, Self.isAmount(raw, before: words[(index + 1)...].first) { amounts.insert(word) }
            if !StopWords.all.contains(word) && !StoryLexicon.domainWords.contains(word) && (word.count > 1 || numeric)
            {
                terms.insert(word)
            }
            // A number with a unit (`15.5B` parameters, `8K` context, `2x`) is a size, not a version.
            let size = numeric && raw.last?.isLetter == true
            if numeric, !size, let name = previous, name.first?.isLetter == true, !StopWords.all.contains(name) {
                versions[name, default: []].insert(word)
            } else if !numeric, let split = Self.nameAndNumber(word) {
                versions[split.name, default: []].insert(split.number)
            }
            previous = word
        }
        var cross = terms.filter { $0.first?.isNumber == true }
        let concepts = StoryLexicon.concepts(in: words)
        for concept in concepts { cross.insert("concept:" + concept) }
        self.actions = concepts.intersection(StoryLexicon.actions)
        self.places = concepts.subtracting(StoryLexicon.actions)
        amounts.formUnion(Self.currencyAmounts(of: text).intersection(terms))
        var names = Set(item.entities.map { "entity:" + $0 })
        for field in [item.title, item.summary].compactMap({ $0 }) {
            names.formUnion(Self.names(of: field).intersection(terms))
        }
        self.names = names
        self.amounts = amounts
        for entity in item.entities { cross.insert("entity:" + entity) }
        for name in Self.capitalisedWords(of: text) where terms.contains(name) { cross.insert(name) }
        terms.formUnion(cross)
        self.entities = Set(item.entities)
        self.terms = terms
        self.crossLanguageTerms = cross
        self.language = Self.language(of: words)
        self.versions = versions
        self.signature = MinHash.signature(of: Self.shingles(words.filter { $0 != Self.breakMark }))
    }

    /// Why two items, given by their ``versions`` and a test of their ``terms``, report different releases, if they
    /// do: they give one name different numbers and no number in common (`Llama 2` and `Llama 3`), or one writes a
    /// numbered name as one word that the other writes bare (`StarCoder2` and `StarCoder`: the second model, and
    /// the first).
    static func conflict(
        _ versions: [String: Set<String>], _ has: (String) -> Bool, _ otherVersions: [String: Set<String>],
        _ otherHas: (String) -> Bool
    ) -> String? {
        for (name, numbers) in versions {
            if let others = otherVersions[name], numbers.isDisjoint(with: others) {
                return "\(name) \(numbers.sorted().joined(separator: "/")) vs \(others.sorted().joined(separator: "/"))"
            }
        }
        for (name, numbers) in versions where otherVersions[name] == nil && otherHas(name) {
            for number in numbers where has(name + number) { return "\(name)\(number) vs \(name)" }
        }
        for (name, numbers) in otherVersions where versions[name] == nil && has(name) {
            for number in numbers where otherHas(name + number) { return "\(name)\(number) vs \(name)" }
        }
        return nil
    }

    /// Whether number `raw` (as ``words(of:)`` gives it) is an amount: a scale letter written with it (`1.3b`,
    /// `6.4bn`, `665m`) or a scale or currency word after it (`1.3 billion`, `6,4 miliardi`, `665 millions de
    /// dollars`). A number with another unit (`8k` context, `2x`) is a size, not an amount.
    static func isAmount(_ raw: String, before next: String?) -> Bool {
        guard raw.allSatisfy({ $0.isNumber || $0 == "." }), let next else { return false }
        return StoryLexicon.scaleWords.contains(next)
    }

    /// The numbers written after a currency sign (`$6.4B`, `US$ 1.3`, `€ 665m`), as ``canonicalNumber(_:)`` gives
    /// them: amounts, whatever follows.
    static func currencyAmounts(of text: String) -> Set<String> {
        var found = Set<String>()
        var scalars = text.unicodeScalars.makeIterator()
        var afterSign = false
        var number = ""
        func take() {
            if !number.isEmpty {
                var digits = number
                while digits.last == "." || digits.last == "," { digits.removeLast() }
                found.insert(canonicalNumber(digits.replacingOccurrences(of: ",", with: ".")))
            }
            number = ""
        }
        while let scalar = scalars.next() {
            if "$€£¥".unicodeScalars.contains(scalar) {
                take()
                afterSign = true
            } else if afterSign
                && (scalar.properties.numericType != nil || (!number.isEmpty && (scalar == "." || scalar == ",")))
            {
                number.unicodeScalars.append(scalar)
            } else if afterSign && number.isEmpty && scalar == " " {
                continue
            } else {
                take()
                afterSign = false
            }
        }
        take()
        return found
    }

    /// The language whose common words `words` holds most of, if at least two and no other as many.
    static func language(of words: [String]) -> String? {
        var counts = [Int](repeating: 0, count: StopWords.languages.count)
        for word in words {
            guard let mask = StopWords.languagesOfWord[word] else { continue }
            for index in counts.indices where mask & (1 << index) != 0 { counts[index] += 1 }
        }
        let ranked = counts.indices.sorted { counts[$0] > counts[$1] }
        guard let top = ranked.first, counts[top] >= 2, counts[ranked[1]] != counts[top] else { return nil }
        return StopWords.languages[top]
    }

    /// The words of `text` written with a capital letter or a digit, folded as ``words(of:)`` folds them.
    static func capitalisedWords(of text: String) -> Set<String> {
        var found = Set<String>()
        var word = String.UnicodeScalarView()
        var ascii = true
        func take() {
            defer {
                word = String.UnicodeScalarView()
                ascii = true
            }
            guard let first = word.first,
                first.properties.isUppercase || word.contains(where: { $0.properties.numericType != nil })
            else { return }
            if ascii {
                found.insert(canonicalNumber(String(word).lowercased()))  // ASCII: folding is lower-casing, and cheap
            } else {
                found.formUnion(words(of: String(word)).map(canonicalNumber))
            }
        }
        for scalar in text.unicodeScalars {
            let isWordScalar: Bool
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: isWordScalar = true
            case 0..<0x80: isWordScalar = false
            default: isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWordScalar {
                word.append(scalar)
                if scalar.value >= 0x80 { ascii = false }
            } else if !word.isEmpty {
                take()
            }
        }
        if !word.isEmpty { take() }
        return found
    }

    /// The words of one field (a title or a summary) written as names (see ``names``), folded as ``words(of:)``
    /// folds them.
    static func names(of field: String) -> Set<String> {
        var spelled: [(word: String, startsSentence: Bool)] = []
        var word = ""
        var sentenceStart = true
        for character in field {
            if character.isLetter || character.isNumber {
                word.append(character)
                continue
            }
            if !word.isEmpty {
                spelled.append((word, sentenceStart))
                sentenceStart = false
                word = ""
            }
            if ".!?:;\u{2014}\u{2013}|".contains(character) { sentenceStart = true }
        }
        if !word.isEmpty { spelled.append((word, sentenceStart)) }
        // Title case capitalises every word of four letters or more, and German every noun: then a capital says
        // nothing.
        let long = spelled.filter { $0.word.count >= 4 }
        let capitalised = long.filter { $0.word.first?.isUppercase == true }
        let capitalsSayNothing =
            (long.count >= 3 && capitalised.count * 4 >= long.count * 3)
            || language(of: words(of: field)) == "de"
        func isName(_ index: Int) -> Bool {
            let (word, startsSentence) = spelled[index]
            if word.contains(where: \.isNumber) || word.filter(\.isUppercase).count >= 2 { return true }
            guard word.first?.isUppercase == true, !capitalsSayNothing else { return false }
            if !startsSentence { return true }
            // The first word of a sentence is a name when a name follows it: `Red Hat strikes`, `Hugging Face says`.
            let next = index + 1
            return next < spelled.count && !spelled[next].startsSentence
                && spelled[next].word.first?.isUppercase == true
        }
        var found = Set<String>()
        for index in spelled.indices where isName(index) {
            let word = spelled[index].word
            // A word of ASCII letters and digits folds to itself lowercased: no trip through Foundation's folding.
            let folded = word.utf8.allSatisfy { $0 < 0x80 } ? [word.lowercased()] : words(of: word)
            found.formUnion(folded.map(canonicalNumber).filter { $0.first?.isNumber == false })
        }
        return found
    }

    /// Marks a sentence or field boundary in ``words(of:)``: no version pair spans it.
    static let breakMark = "\u{2029}"

    /// The words of `text`: letters and digits, case and accents folded; `.` or `,` between digits stays inside a
    /// number (as `.`), a `%` is dropped, and clause punctuation or a currency sign gives a ``breakMark`` (`US$1.3`
    /// is an amount, not version 1.3 of `us`).
    static func words(of text: String) -> [String] {
        // ASCII text folds to itself lowercased (no accents, no widths): Foundation's folding only for the rest.
        let folded =
            text.utf8.allSatisfy { $0 < 0x80 }
            ? text.lowercased()
            : text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var words: [String] = []
        var current = ""
        let scalars = Array(folded.unicodeScalars)
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for (index, scalar) in scalars.enumerated() {
            let value = scalar.value
            // ASCII letters and digits are all the alphabetic and numeric ASCII: no property lookup for them.
            let isWordScalar =
                value < 0x80
                ? (value >= 0x30 && value <= 0x39) || ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A)
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar {
                if value >= 0x80 && Self.isIdeograph(scalar) {
                    flush()
                    words.append(String(scalar))
                } else {
                    current.unicodeScalars.append(scalar)
                }
            } else if scalar == ".", current.unicodeScalars.count == 1, index + 2 < scalars.count,
                scalars[index + 1].properties.isAlphabetic, scalars[index + 2] == ".",
                index == 1 || !scalars[index - 2].properties.isAlphabetic
            {
                continue  // initials: `u.k.` is `uk`
            } else if scalar == "." || scalar == ",", let last = current.unicodeScalars.last,
                last.properties.numericType != nil, index + 1 < scalars.count,
                scalars[index + 1].properties.numericType != nil
            {
                current.unicodeScalars.append(".")
            } else {
                flush()
                if ".;:!?|\u{2029}()[]$€£¥".unicodeScalars.contains(scalar) && words.last != breakMark {
                    words.append(breakMark)
                }
            }
        }
        flush()
        return words
    }

    /// A number as one form whatever its notation: a unit letter after it dropped (`6.4b` is `6.4`), trailing
    /// decimal zeros dropped (`6.400`, `6,4` and `6.4` are `6.4`; `3.0` is `3`). Other words are returned as they are.
    static func canonicalNumber(_ word: String) -> String {
        guard let first = word.unicodeScalars.first, first.properties.numericType != nil else { return word }
        var number = String(word.prefix { $0.isNumber || $0 == "." })
        if number.contains(".") {
            while number.hasSuffix("0") { number.removeLast() }
            if number.hasSuffix(".") { number.removeLast() }
        }
        return number.isEmpty ? word : number
    }

    /// `gaudi2` as (`gaudi`, `2`), `starcoder2` as (`starcoder`, `2`): letters then digits.
    private static func nameAndNumber(_ word: String) -> (name: String, number: String)? {
        guard let index = word.firstIndex(where: \.isNumber), index != word.startIndex,
            word[index...].allSatisfy({ $0.isNumber || $0 == "." }), word[..<index].allSatisfy(\.isLetter),
            word.distance(from: word.startIndex, to: index) >= 3
        else { return nil }
        return (String(word[..<index]), String(word[index...]))
    }

    /// Letters of scripts written without spaces: one word each.
    private static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3: true
        default: false
        }
    }

    /// The 3-word shingles of `words` (or the words themselves, for a text of fewer than 3).
    private static func shingles(_ words: [String]) -> [String] {
        guard words.count >= 3 else { return words }
        return (0...(words.count - 3)).map { words[$0] + " " + words[$0 + 1] + " " + words[$0 + 2] }
    }
}
