/// What clustering knows of the words of news beyond their spelling, in the seven languages Vigie reads (words
/// folded as ``StoryFingerprint/words(of:)`` folds them):
///
/// - ``domainWords``: the vocabulary every item Vigie watches shares (`AI`, `model`, `intelligence artificielle`,
///   `open source`, `announces`): like common words, they say nothing of which event an item reports, and they
///   would make every two NASA–IBM or Red Hat items look alike. They are left out of the distinctive words.
/// - ``concepts``: names of one thing in several languages, each turned into one term `concept:NAME` that two items
///   in different languages share: places and the institutions that regulate (`UK`, `Reino Unido`, `Regno Unito`,
///   `Royaume-Uni`, `britannique` are `concept:uk`; `Federal Trade Commission` is `concept:ftc`), and the actions
///   news reports (`acquisition`, `adquisición`, `acquisizione`, `aquisição`, `rachat`, `Übernahme` are
///   `concept:acquire`; `approves`, `aprueba`, `autorizzata`, `autorisée`, `genehmigt` are `concept:approve`).
///   An entry is a word, a phrase of up to three words, or a prefix (written `acqui*`) that a single word starts
///   with. The list is general (countries, regulators, kinds of corporate news), not drawn from any one story.
enum StoryLexicon {
    /// Words of AI news in general, in the seven languages (folded).
    static let domainWords: Set<String> = [
        "ai", "ia", "ki", "artificial", "artificiale", "artificielle", "kunstliche", "intelligence", "intelligenza",
        "inteligencia", "intelligenz", "model", "models", "modele", "modeles", "modelo", "modelos", "modello",
        "modelli", "modell", "modelle", "llm", "llms", "language", "languages", "large", "generative", "genai",
        "data", "open", "source", "research", "cloud", "software", "technology", "technologies", "tech", "company",
        "companies", "firm", "platform", "announce", "announces", "announced", "announcement", "unveils", "first",
    ]

    /// Concept name to its forms (folded words; a phrase of up to three words; `prefix*` for a word's start).
    static let concepts: [String: [String]] = [
        // Places, with the adjectives the press uses for them.
        "uk": [
            "uk", "united kingdom", "britain", "great britain", "british", "reino unido", "regno unito", "royaume uni",
            "britannique*", "vereinigtes konigreich", "grossbritannien", "britische*", "britanico*", "britannico*",
            "britanica*", "britannica*",
        ],
        "us": [
            "usa", "u s", "united states", "etats unis", "estados unidos", "stati uniti", "vereinigte staaten",
            "vereinigten staaten", "estadounidense*", "statunitense*",
        ],
        "eu": [
            "eu", "european union", "union europeenne", "union europea", "unione europea", "uniao europeia",
            "europaische union", "european commission", "commission europeenne", "comision europea",
            "commissione europea", "comissao europeia", "eu kommission",
        ],
        "china": ["china", "chinese", "chine", "chinois*", "cina", "cinese", "chinesische*", "chino", "chines"],
        "japan": [
            "japan", "japanese", "japon", "japonais*", "giappone", "giapponese", "japao", "japones*", "japanische*",
        ],
        "germany": [
            "germany", "allemagne", "alemania", "germania", "alemanha", "deutschland",
        ],
        "france": ["france", "francia", "frankreich", "franca"],
        "india": ["india", "indian", "inde", "indien", "indiano", "indiana"],
        "finland": [
            "finland", "finnish", "finlande", "finlandais*", "finlandia", "finlandes*", "finnland", "finnische*",
        ],
        "canada": ["canada", "canadian", "canadien*", "canadese", "kanada", "kanadische*", "canadense"],
        "korea": ["korea", "korean", "coree", "coreen*", "corea", "coreano", "coreana", "coreia", "koreanische*"],
        // Regulators.
        "ftc": ["ftc", "federal trade commission"],
        "doj": ["doj", "department of justice", "justice department"],
        "cma": ["cma", "competition and markets"],
        // Kinds of corporate news.
        "acquire": [
            "acqui*", "adqui*", "aquisi*", "buy", "buys", "buying", "bought", "purchase*", "takeover*", "rachat*",
            "rachete*", "compra", "compras", "ubernahme*", "ubernimmt", "ubernommen", "kauft",
        ],
        "approve": [
            "approv*", "clears", "cleared", "green light", "aprueb*", "aprob*", "autoriz*", "autoris*", "aprova*",
            "genehmig*", "feu vert", "luz verde", "via libera", "sinal verde",
        ],
        "investigate": [
            "investig*", "probe", "probes", "probing", "scrutiny", "inquiry", "enquete*", "indag*", "untersuch*",
            "second request",
        ],
        "partner": [
            "partner*", "partenariat*", "team up", "teams up", "join forces", "joins forces", "alianza", "parceria*",
            "collabor*", "colabor*", "zusammenarbeit",
        ],
        "fund": ["funding", "fundraising", "raises", "levee de fonds", "leve", "recauda*", "finanziamento*"],
        "sue": ["sue", "sues", "sued", "lawsuit*", "poursuit*", "demanda", "klage", "verklagt"],
        "layoff": ["layoff*", "lays off", "licenci*", "despid*", "entlass*", "stellenabbau"],
        // Later stages of a deal, which are news of their own.
        "complete": [
            "completes", "completed", "completion", "finalizes", "finalises", "finalized", "finalised", "concluye",
            "concluido", "conclui", "concluida", "concluso", "finalise", "finalisee", "abgeschlossen", "vollzogen",
            "vollzieht",
        ],
        "block": [
            "blocks", "blocked", "prohibits", "prohibited", "bloquea", "bloqueada", "bloqueia", "bloque", "bloccat*",
            "untersagt", "vetoes", "vetoed",
        ],
    ]

    /// The concepts that are kinds of news (what happened), as opposed to places and regulators (where, and who
    /// decided): the event frame of ``StoryFingerprint/actions``.
    static let actions: Set<String> = [
        "acquire", "approve", "investigate", "partner", "fund", "sue", "layoff", "complete", "block",
    ]

    /// The kinds of news that are stages of one deal or case: a regulator's probe, its approval or its block, and
    /// the deal's completion are each news of their own, so two items naming different ones (and none in common)
    /// report different events, however alike their names and amounts.
    static let stages: Set<String> = ["approve", "investigate", "complete", "block"]

    /// Words after a number that make it an amount (`1.3 billion`, `665 millions`, `6,4 miliardi`): a figure a
    /// report gives, not a count, a date or a version.
    static let scaleWords: Set<String> = [
        "million", "millions", "billion", "billions", "trillion", "bn", "mn", "millones", "milliards", "milliard",
        "miliardi", "miliardo", "milioni", "milione", "bilhoes", "bilhao", "milhoes", "milhao", "milliarden",
        "milliarde", "millionen", "mrd", "mio", "dollars", "dolares", "dollari", "euros", "euro",
    ]

    /// Whole words and phrases to their concept.
    static let phrases: [String: String] = {
        var table: [String: String] = [:]
        for (concept, forms) in concepts { for form in forms where !form.hasSuffix("*") { table[form] = concept } }
        return table
    }()

    /// The first words of the phrases of more than one word.
    static let phraseStarts: Set<String> = Set(
        phrases.keys.compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { start in phrases.keys.contains { $0.hasPrefix(start + " ") } })

    /// Prefixes to their concept, by their first three letters (a word is checked against the few that share them).
    static let prefixes: [Substring: [(prefix: String, concept: String)]] = {
        var table: [Substring: [(prefix: String, concept: String)]] = [:]
        for (concept, forms) in concepts {
            for form in forms where form.hasSuffix("*") {
                let prefix = String(form.dropLast())
                table[prefix.prefix(3), default: []].append((prefix, concept))
            }
        }
        return table
    }()

    /// The concepts named in `words` (folded, in order; a ``StoryFingerprint/breakMark`` ends a phrase).
    static func concepts(in words: [String]) -> Set<String> {
        var found = Set<String>()
        for index in words.indices {
            let word = words[index]
            if word == StoryFingerprint.breakMark { continue }
            if let concept = phrases[word] { found.insert(concept) }
            for (prefix, concept) in prefixes[word.prefix(3)] ?? [] where word.hasPrefix(prefix) {
                found.insert(concept)
            }
            guard phraseStarts.contains(word) else { continue }
            var phrase = word
            for next in words[(index + 1)...].prefix(2) {
                if next == StoryFingerprint.breakMark { break }
                phrase += " " + next
                if let concept = phrases[phrase] { found.insert(concept) }
            }
        }
        return found
    }
}
