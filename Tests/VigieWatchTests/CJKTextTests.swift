import Testing

@testable import VigieWatch

/// Text in scripts written without spaces (Japanese, Chinese, Korean): one token per letter, script changes as
/// word boundaries, distances counted in words of about two letters.
@Suite struct CJKTextTests {
    @Test(arguments: [
        ("東京大学", "東 京 大 学"),
        ("IBMとMetaが", "ibm と meta が"),  // a change of script is a word boundary
        ("「IBMとMetaが…」", "|ibm と meta が"),  // the opening bracket is clause punctuation
        ("生成AIの活用", "生 成 ai の 活 用"),
        ("日立製作所、生成AI", "日 立 製 作 所 |生 成 ai"),  // the ideographic comma is clause punctuation
        ("ソニー・グループ", "ソ ニ ー グ ル ー プ"),  // the katakana middle dot separates words like a space
        ("ｿﾆｰ", "ソ ニ ー"),  // half-width katakana are their full-width selves
        ("ガス", "ガ ス"),  // voiced kana keep their voicing mark
        ("ＩＢＭ　と", "ibm と"),  // full-width Latin letters and the ideographic space
        ("카카오가", "카 카 오 가"),
        ("人工智能大模型", "人 工 智 能 大 模 型"),
        ("東京大学々長", "東 京 大 学 々 長"),
    ])
    func eachLetterIsAToken(input: String, expected: String) {
        #expect(describeTokens(input) == expected)
    }

    @Test func latinTextIsCutAsBefore() {
        #expect(describeTokens("Intelligent AI-powered tools") == "intelligent ai+ powered tools")
    }

    @Test func tokensPointAtTheirOriginalLetters() {
        let text = TextNormalizer().tokenize("米IBMと東大")
        #expect(text.tokens.map { text.originalText($0.start, $0.end) } == ["米", "IBM", "と", "東", "大"])
        #expect(text.tokens.map { $0.flags.contains(.cjk) } == [true, false, true, true, true])
    }

    @Test func japaneseWithCapitalisedLatinNamesIsNotShouting() {
        #expect(!TextNormalizer().tokenize("IBM NEC AMD INTEL、生成AIで提携").isShouting)
        #expect(TextNormalizer().tokenize("IBM NEC AMD INTEL PARTNER").isShouting)
    }

    @Test func namesMatchInsideARunOfCJKLetters() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            entities = [
                { name = "University of Tokyo", aliases = ["東京大学"] },
                { name = "IBM" },
                { name = "Intel", case_sensitive = true },
            ]
            """)
        let item = MatchableItem(id: "x", title: "東京大学などが参加、IBMとMetaが主導")
        #expect(matcher.match(item).first?.entities == ["University of Tokyo", "IBM"])
        #expect(matcher.match(item).first?.terms == ["東京大学", "IBM"])
        // A Latin name is still matched whole, never inside a longer Latin word, in Japanese text too.
        #expect(firing(matcher, title: "Intelligentなシステムを東大阪で") == [])
        #expect(firing(matcher, title: "Intelの新チップ") == ["w"])
    }

    @Test func aPhraseDoesNotMatchAcrossJapanesePunctuation() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["東京大学"]
            """)
        #expect(firing(matcher, title: "東京、大学") == [])
        #expect(firing(matcher, title: "東京大学") == ["w"])
    }

    @Test func contextWindowsCountTwoCJKLettersAsAWord() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["日立"]
            context = ["人工知能"]
            context_window = 5
            """)
        // 10 letters between the name and the context term: 5 words.
        #expect(firing(matcher, summary: "日立あいうえおかきくけこ人工知能") == ["w"])
        // 11 letters: 6 words (rounded up), outside the window.
        #expect(firing(matcher, summary: "日立あいうえおかきくけこさ人工知能") == [])
        // Latin words still count one each.
        #expect(firing(matcher, summary: "日立 one two three four five 人工知能") == ["w"])
        #expect(firing(matcher, summary: "日立 one two three four five six 人工知能") == [])
    }

    @Test func nearCountsTwoCJKLettersAsAWord() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            query = '"日立" NEAR/2 "人工知能"'
            """)
        #expect(firing(matcher, title: "日立のあいう人工知能") == ["w"])
        #expect(firing(matcher, title: "日立のあいうえお人工知能") == [])
    }
}
