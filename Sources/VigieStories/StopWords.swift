/// Common words of the seven languages Vigie reads (English, French, German, Spanish, Italian, Portuguese; Japanese
/// particles are single letters and go as such), folded as ``StoryFingerprint/words(of:)`` folds: they say nothing
/// of which event an item reports. Words of news in general (`announces`, `new`, `says`) are left to the weights,
/// which fall as a word gets common among the open items.
enum StopWords {
    /// Each language's common words (ISO 639-1 codes), also what ``StoryFingerprint`` tells an item's language by.
    static let byLanguage: [String: Set<String>] = [
        // English
        "en": [
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from", "has", "have", "he",
            "her", "his", "how", "if", "in", "into", "is", "it", "its", "it's", "more", "not", "of", "on", "or", "our",
            "over", "she", "so", "than", "that", "the", "their", "them", "they", "this", "to", "up", "was", "we",
            "were", "what", "when", "which", "who", "why", "will", "with", "would", "you", "your", "about", "after",
            "all", "also", "new", "now", "one", "out", "s", "says", "said", "just", "most", "other", "some", "such",
            "these", "those", "through", "under", "while", "there", "here", "very", "via", "amid",
        ],
        // French
        "fr": [
            "au", "aux", "avec", "ce", "ces", "cette", "d", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
            "ils", "l", "la", "le", "les", "leur", "leurs", "lui", "mais", "ne", "nous", "ou", "par", "pas", "plus",
            "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "vers", "y", "a",
            "nouveau", "nouvelle", "selon",
        ],
        // German
        "de": [
            "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des",
            "die", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "es", "fur", "hat", "im", "ist", "mit",
            "nach", "nicht", "noch", "nur", "oder", "sich", "sie", "sind", "so", "uber", "um", "und", "vom", "von",
            "vor", "wie", "wird", "zu", "zum", "zur", "neue", "neuen", "neues",
        ],
        // Spanish
        "es": [
            "al", "como", "con", "del", "el", "ella", "entre", "es", "esta", "este", "las", "lo", "los", "mas", "para",
            "pero", "por", "se", "sin", "sobre", "su", "sus", "una", "uno", "y", "nuevo", "nueva",
        ],
        // Italian
        "it": [
            "che", "con", "da", "dei", "del", "della", "delle", "di", "e", "gli", "il", "in", "nel", "nella", "per",
            "piu", "sono", "su", "tra", "una", "uno", "alla", "alle", "degli", "nuovo", "nuova",
        ],
        // Portuguese
        "pt": [
            "ao", "aos", "as", "com", "do", "dos", "da", "das", "em", "na", "nas", "no", "nos", "o", "os", "ou",
            "pela", "pelo", "seu", "sua", "um", "uma", "novo", "nova",
        ],
    ]

    /// The languages of ``byLanguage``, in a fixed order.
    static let languages: [String] = byLanguage.keys.sorted()

    /// Each common word to the languages it belongs to, as bits in the order of ``languages``.
    static let languagesOfWord: [String: UInt8] = {
        var table: [String: UInt8] = [:]
        for (index, language) in languages.enumerated() {
            for word in byLanguage[language] ?? [] { table[word, default: 0] |= 1 << index }
        }
        return table
    }()

    /// The common words of every language.
    static let all: Set<String> = byLanguage.values.reduce(into: []) { $0.formUnion($1) }
}
