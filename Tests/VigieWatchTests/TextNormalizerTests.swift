import Testing

@testable import VigieWatch

@Suite struct TextNormalizerTests {
    @Test(arguments: [
        ("Générative", "generative"),
        ("École polytechnique fédérale", "ecole polytechnique federale"),
        ("e\u{301}cole", "ecole"),  // decomposed accent
        ("Technische Universität München", "technische universitat munchen"),
        ("Straße", "strasse"),
        ("ＡＩ Ａｌｌｉａｎｃｅ", "ai alliance"),  // full-width letters (NFKC)
        ("ﬁne-tuning", "fine tuning"),  // ligature (NFKC)
        ("I²R", "i2r"),  // superscript (NFKC)
        ("𝐈𝐁𝐌", "ibm"),  // mathematical bold (NFKC)
        ("AI ALLIANCE", "ai alliance"),
        ("ΣΟΦΊΑ", "σοφια"),  // Greek: case and accent folded
    ])
    func unicodeCaseAndAccentsAreFolded(input: String, expected: String) {
        #expect(TextNormalizer().normalize(input) == expected)
    }

    @Test(arguments: [
        ("l'AI Alliance", "l ai alliance"),
        ("l’AI Alliance", "l ai alliance"),
        ("lʼAI Alliance", "l ai alliance"),
        ("d‘IBM", "d ibm"),
        ("l'« AI Alliance »", "l ai alliance"),
        ("“AI Alliance”", "ai alliance"),
        ("aujourd'hui", "aujourd hui"),
    ])
    func apostrophesAndQuotesAreUnified(input: String, expected: String) {
        #expect(TextNormalizer().normalize(input) == expected)
    }

    @Test(arguments: [
        ("IBM's", "ibm's"),
        ("IBM’s", "ibm's"),
        ("IBM‘S", "ibm's"),
        ("Meta's new model", "meta's new model"),
        ("users' data", "users data"),
        ("it's", "it's"),
    ])
    func possessivesAreDroppedAndMarked(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test(arguments: [
        ("A.I. Alliance", "ai alliance"),
        ("the U.S. National Science Foundation", "the us national science foundation"),
        ("e.g. this", "eg this"),
        ("A.I.-powered", "ai+ powered"),
        ("thealliance.ai", "thealliance+ ai"),
        ("www.thealliance.ai", "www thealliance+ ai"),
        ("valued at $4.5 billion.", "valued at 4+ 5 billion"),
        ("Plan B. Then", "plan b |then"),
        ("with Meta. IBM", "with meta |ibm"),
        ("wait... Meta", "wait |meta"),
    ])
    func dotsMakeAbbreviationsCompoundsOrBreaks(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test(arguments: [
        ("Meta-analysis", "meta+ analysis"),
        ("Méta-analyse", "meta+ analyse"),
        ("AI‐Alliance", "ai+ alliance"),  // U+2010 hyphen
        ("UT‑Austin", "ut+ austin"),  // U+2011 non-breaking hyphen
        ("Microsoft – avec OpenAI", "microsoft |avec openai"),  // spaced en dash: a break
        ("Microsoft - avec OpenAI", "microsoft |avec openai"),
        ("IBM−Meta", "ibm+ meta"),  // minus sign
        ("Intel\u{AD}ligent", "intelligent"),  // soft hyphen is invisible
        ("intel·ligència", "intelligencia"),  // Catalan middle dot stays inside the word
    ])
    func hyphensJoinCompoundsAndSpacedDashesBreak(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test(arguments: [
        ("#AIAlliance", "ai+ alliance"),
        ("#MetaAI", "meta+ ai"),
        ("#IBMResearch", "ibm+ research"),
        ("#aialliance", "aialliance"),
        ("#OpenSource rocks", "open+ source rocks"),
        ("AIAlliance", "aialliance"),  // no hashtag: one word
    ])
    func hashtagsSplitAtCaseChanges(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test(arguments: [
        ("W&B", "w+ &+ b"),
        ("Weights & Biases", "weights & biases"),
        ("Together, AI", "together |ai"),
        ("IBM/Meta AI Alliance", "ibm |meta ai alliance"),
        ("(CERN, Yale)", "|cern |yale"),
        ("A*STAR", "a star"),
    ])
    func symbolsAndClausePunctuation(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test func wordsAreCutAtWordBoundariesOnly() {
        #expect(TextNormalizer().normalize("Intelligent metadata, metaverse") == "intelligent metadata metaverse")
    }

    @Test func caseIsKeptWhenAsked() {
        #expect(
            describeTokens("L’A.I. Alliance d’IBM's Méta-analyse", foldsCase: false)
                == "L AI Alliance d IBM's Meta+ analyse")
    }

    @Test func homoglyphsAreNotFolded() {
        // A Cyrillic М (U+041C) is not a Latin M: NFKC keeps them apart, and so does Vigie.
        #expect(TextNormalizer().normalize("\u{41C}eta") == "\u{43C}eta")
        #expect(TextNormalizer().normalize("\u{41C}eta") != TextNormalizer().normalize("Meta"))
    }

    @Test func tokensPointAtTheirOriginalText() {
        let text = TextNormalizer().tokenize("L’A.I. Alliance d’IBM’s « open »")
        #expect(
            text.tokens.map { text.originalText($0.start, $0.end) } == ["L", "A.I.", "Alliance", "d", "IBM", "open"])
    }

    @Test func shoutingHeadlinesAreRecognised() {
        #expect(TextNormalizer().tokenize("AI ALLIANCE ADDS 20 NEW MEMBERS").isShouting)
        #expect(!TextNormalizer().tokenize("IBM and AMD").isShouting)
        #expect(!TextNormalizer().tokenize("IBM AMD").isShouting)  // too few letters to tell
    }

    @Test func emptyAndPunctuationOnlyTextsHaveNoTokens() {
        #expect(TextNormalizer().tokenize("").tokens.isEmpty)
        #expect(TextNormalizer().tokenize(" … — « » ").tokens.isEmpty)
    }
}
