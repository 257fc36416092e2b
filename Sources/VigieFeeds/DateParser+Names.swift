extension DateParser {
    /// What a word found in a date means.
    enum Word: Sendable {
        /// A month name or abbreviation in English, French, German or Spanish (1 = January).
        case month(Int)
        /// A day name or abbreviation; day names are not checked against the date.
        case dayName
        /// "mar": Tuesday in French and Spanish (mardi, martes), March in English, German and Spanish.
        case dayNameOrMonth(Int)
        /// A zone abbreviation and its offset east of UTC.
        case zone(seconds: Int)
        /// "am" or "pm" after a time; "am" before a time is the German "am 5. Dezember".
        case meridiem(isPM: Bool)
        /// A word that carries nothing: "de", "1er", "5th", "um 10:00 Uhr", "à".
        case filler
    }

    /// The meaning of the word packed into `key` by `wordKey(_:)`, or nil for a word no date uses.
    static func word(forKey key: UInt64) -> Word? {
        words[key]
    }

    /// Packs a lowercase ASCII word into a key, 5 bits a letter ("a" = 1), as the scanner does while reading it.
    ///
    /// Keys are unique for words of up to 12 letters, longer than any name in the table.
    static func wordKey(_ word: String) -> UInt64 {
        word.utf8.reduce(0) { $0 << 5 | UInt64($1 - 0x60) }
    }

    /// The unaccented lowercase ASCII letter for a Latin-1 letter encoded as 0xC3 `trailing` ("é" → "e").
    ///
    /// Returns nil for the Latin-1 characters that are not accented Latin letters (×, ÷, ß, æ, ø…).
    static func foldedLetter(_ trailing: UInt8) -> UInt8? {
        let lower = (0x80...0x9E).contains(trailing) ? trailing + 0x20 : trailing
        switch lower {
        case 0xA0...0xA5: return UInt8(ascii: "a")
        case 0xA7: return UInt8(ascii: "c")
        case 0xA8...0xAB: return UInt8(ascii: "e")
        case 0xAC...0xAF: return UInt8(ascii: "i")
        case 0xB1: return UInt8(ascii: "n")
        case 0xB2...0xB6: return UInt8(ascii: "o")
        case 0xB9...0xBC: return UInt8(ascii: "u")
        case 0xBD, 0xBF: return UInt8(ascii: "y")
        default: return nil
        }
    }

    /// Month names by month, accents folded: English, French, German (including Austrian), Spanish.
    private static let monthNames: [[String]] = [
        ["jan", "january", "janv", "janvier", "januar", "janner", "jaenner", "ene", "enero"],
        ["feb", "february", "fev", "fevr", "fevrier", "februar", "feber", "febrero"],
        ["march", "mars", "marz", "maerz", "mrz", "marzo"],
        ["apr", "april", "avr", "avril", "abr", "abril"],
        ["may", "mai", "mayo"],
        ["jun", "june", "juin", "juni", "junio"],
        ["jul", "july", "juil", "juillet", "juli", "julio"],
        ["aug", "august", "aout", "ago", "agosto"],
        ["sep", "sept", "september", "septembre", "set", "septiembre", "setiembre"],
        ["oct", "october", "octobre", "okt", "oktober", "octubre"],
        ["nov", "november", "novembre", "noviembre"],
        ["dec", "december", "decembre", "dez", "dezember", "dic", "diciembre"],
    ]

    /// Day names and abbreviations, accents folded; "mar" is listed as `dayNameOrMonth` instead.
    private static let dayNames = [
        "sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "lun", "mer", "jeu", "ven", "sam", "dim",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "mo", "di", "mi", "do", "fr", "sa", "so", "die", "mit", "don", "fre", "son",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
        "mie", "jue", "vie", "sab", "dom",
        "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
    ]

    /// Zone abbreviations and their offsets in minutes east of UTC; where one is ambiguous the common feed use wins
    /// (CST is US Central, IST is India, BST is British Summer Time).
    private static let zoneNames: [(String, Int)] = [
        ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0),
        ("est", -300), ("edt", -240), ("cst", -360), ("cdt", -300),
        ("mst", -420), ("mdt", -360), ("pst", -480), ("pdt", -420),
        ("akst", -540), ("akdt", -480), ("hst", -600),
        ("wet", 0), ("west", 60), ("bst", 60), ("cet", 60), ("cest", 120), ("met", 60), ("mest", 120),
        ("mez", 60), ("mesz", 120), ("eet", 120), ("eest", 180), ("msk", 180),
        ("ist", 330), ("sgt", 480), ("hkt", 480), ("awst", 480), ("jst", 540), ("kst", 540),
        ("acst", 570), ("acdt", 630), ("aest", 600), ("aedt", 660), ("nzst", 720), ("nzdt", 780),
    ]

    /// Words that carry nothing: articles and prepositions, ordinal suffixes, "Uhr".
    private static let fillerNames = [
        "de", "del", "el", "a", "las", "le", "er", "st", "nd", "rd", "th", "at", "of", "den", "um", "uhr",
    ]

    /// Every word a date may contain, by `wordKey(_:)`.
    private static let words: [UInt64: Word] = {
        var table: [UInt64: Word] = [:]
        for (index, names) in monthNames.enumerated() {
            for name in names { table[wordKey(name)] = .month(index + 1) }
        }
        for name in dayNames { table[wordKey(name)] = .dayName }
        for name in fillerNames { table[wordKey(name)] = .filler }
        for (name, minutes) in zoneNames { table[wordKey(name)] = .zone(seconds: minutes * 60) }
        table[wordKey("mar")] = .dayNameOrMonth(3)
        table[wordKey("am")] = .meridiem(isPM: false)
        table[wordKey("pm")] = .meridiem(isPM: true)
        return table
    }()
}
