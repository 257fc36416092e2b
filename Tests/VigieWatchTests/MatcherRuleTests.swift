import Testing

@testable import VigieWatch

/// The rules of a watch, each on a small watchlist written for the test.
@Suite struct MatcherRuleTests {
    @Test func theSmallestWatchlistWorksWithDefaults() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "mine"
            any = ["open weights", "Llama 3"]
            """)
        let found = try #require(match(matcher, "mine", title: "Meta ships Llama 3 with open weights"))
        #expect(found.level == .notice)
        #expect(found.terms == ["Llama 3", "open weights"])
        #expect(found.fields == [.title])
        #expect(found.score == 6)
        #expect(firing(matcher, title: "Llama 2 and closed weights") == [])
    }

    @Test func anyNeedsOnePhraseAndAllNeedsEvery() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["Granite", "Llama"]
            all = ["open", "model"]
            """)
        #expect(firing(matcher, summary: "Granite is an open model") == ["w"])
        #expect(firing(matcher, summary: "Granite is a closed model") == [])
        #expect(firing(matcher, summary: "an open model") == [])
        let reports = matcher.explain(MatchableItem(id: "x", summary: "Granite is a closed model"))
        #expect(reports.map { $0.nearMisses.map(\.description) } == [["\"open\" (all) not found"]])
    }

    @Test func notVetoesTheWatch() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["AI Alliance"]
            not = ["European AI Alliance"]
            """)
        #expect(firing(matcher, title: "The AI Alliance grows") == ["w"])
        #expect(firing(matcher, title: "The AI Alliance and the European AI Alliance") == [])
        #expect(
            nearMisses(matcher, "w", title: "The European AI Alliance")
                == ["vetoed by \"European AI Alliance\" (title)"])
    }

    @Test func exceptHidesOnlyTheOccurrencesInsideIt() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["AI Alliance"]
            except = ["European AI Alliance"]
            """)
        #expect(firing(matcher, title: "European AI Alliance meets in Brussels") == [])
        #expect(firing(matcher, title: "Unlike the European AI Alliance, the AI Alliance builds tools") == ["w"])
        #expect(
            nearMisses(matcher, "w", title: "European AI Alliance meets")
                == ["\"AI Alliance\" (title) is inside the exception \"European AI Alliance\""])
    }

    @Test func entitiesAreNamedCanonicallyWhateverAliasIsFound() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            [[watch.entities]]
            name = "IBM"
            aliases = ["International Business Machines", "Big Blue"]
            [[watch.entities]]
            name = "Meta"
            aliases = ["Facebook"]
            """)
        let found = try #require(match(matcher, "w", title: "Facebook and Big Blue", summary: "IBM again"))
        #expect(found.entities == ["Meta", "IBM"])
        #expect(found.terms == ["Facebook", "Big Blue", "IBM"])
        #expect(found.fields == [.title, .summary])
        #expect(found.score == 8)  // Facebook 3 and Big Blue 3 in the title, IBM 2 in the summary
    }

    @Test func contextMustCoOccur() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI", "machine learning"]
            [[watch.entities]]
            name = "Sony"
            """)
        #expect(firing(matcher, title: "Sony raises PlayStation 5 price") == [])
        #expect(firing(matcher, title: "Sony bets on machine learning") == ["w"])
        #expect(firing(matcher, title: "Sony news", content: "far below, AI") == ["w"])  // no window: anywhere
        #expect(
            nearMisses(matcher, "w", title: "Sony raises prices") == [
                "Sony found in title, no context term in the item"
            ])
    }

    @Test func contextWindowCountsWordsBetween() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI"]
            context_window = 3
            [[watch.entities]]
            name = "Sony"
            """)
        #expect(firing(matcher, summary: "Sony one two three AI") == ["w"])
        #expect(firing(matcher, summary: "Sony one two three four AI") == [])
        #expect(firing(matcher, summary: "AI one two three Sony") == ["w"])
        #expect(
            nearMisses(matcher, "w", summary: "Sony one two three four AI")
                == ["Sony found in summary, no context term within 3 words"])
    }

    @Test func aTitleOnTopicSupportsTheWholeItem() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI"]
            context_window = 3
            [[watch.entities]]
            name = "CERN"
            """)
        let far = "CERN is one of many labs and universities across the world that joined."
        // A title with a context term and an entity puts the whole item on topic.
        let found = try #require(match(matcher, "w", title: "CERN and the AI race", summary: far))
        #expect(found.terms == ["CERN"])
        #expect(found.fields == [.title, .summary])
        // A context term alone in the title does not: CERN in the summary is too far from it.
        #expect(firing(matcher, title: "The AI race is on", summary: "The news: " + far) == [])
        #expect(firing(matcher, title: "The race", summary: far + " And AI") == [])
    }

    @Test func contextMustLieOutsideTheOccurrence() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI"]
            [[watch.entities]]
            name = "Impact AI"
            [[watch.entities]]
            name = "Sony"
            aliases = [{ text = "Sony AI", needs_context = false }]
            """)
        #expect(firing(matcher, title: "Impact AI publishes a report") == [])
        #expect(firing(matcher, title: "Impact AI publishes a report on AI") == ["w"])
        #expect(firing(matcher, title: "Sony AI wins at Gran Turismo") == ["w"])
    }

    @Test func entitiesThatNeedNoContextMatchAlone() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI"]
            [[watch.entities]]
            name = "Hugging Face"
            needs_context = false
            [[watch.entities]]
            name = "IBM"
            """)
        let found = try #require(match(matcher, "w", title: "Hugging Face and IBM raise money"))
        #expect(found.entities == ["Hugging Face"])
    }

    @Test func caseSensitivePhrasesNeedTheirCapitals() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = [{ text = "Intel", case_sensitive = true }, "AMD"]
            """)
        #expect(firing(matcher, title: "Intel launches Gaudi 3") == ["w"])
        #expect(firing(matcher, title: "Military intel suggests troops are massing") == [])
        #expect(firing(matcher, title: "amd and Amd") == ["w"])
        #expect(
            nearMisses(matcher, "w", title: "new intel on troops")
                == ["\"intel\" (title) does not match \"Intel\": case-sensitive"])
    }

    @Test func caseSensitivityCanBeTheWatchDefault() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            case_sensitive = true
            any = ["Oracle", { text = "ibm", case_sensitive = false }]
            """)
        #expect(firing(matcher, title: "the oracle spoke") == [])
        #expect(firing(matcher, title: "Oracle spoke") == ["w"])
        #expect(firing(matcher, title: "IBM spoke") == ["w"])
    }

    @Test func shoutingHeadlinesIgnoreCaseSensitivity() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = [{ text = "Intel", case_sensitive = true }]
            """)
        #expect(firing(matcher, title: "INTEL LAUNCHES GAUDI 3 CHIP") == ["w"])
        #expect(firing(matcher, title: "Intel", summary: "INTEL") == ["w"])
        #expect(firing(matcher, summary: "INTEL inside") == [])
    }

    @Test func fieldsLimitWhereTermsCount() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            fields = ["title"]
            any = ["Granite"]
            """)
        #expect(firing(matcher, title: "Granite models") == ["w"])
        #expect(firing(matcher, summary: "Granite models") == [])
        #expect(
            nearMisses(matcher, "w", summary: "Granite models")
                == ["\"Granite\" (summary) is in a field this watch does not read"])
    }

    @Test func phrasesDoNotMatchPartOfACompoundUnlessAllowed() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "strict"
            any = ["AI"]
            [[watch]]
            name = "loose"
            any = [{ text = "AI", in_compounds = true }]
            """)
        #expect(firing(matcher, title: "AI-first rebooking") == ["loose"])
        #expect(firing(matcher, title: "AI-powered rebooking") == ["strict", "loose"])  // a descriptive compound
        #expect(firing(matcher, title: "AI rebooking") == ["strict", "loose"])
        #expect(firing(matcher, title: "Gaudi-3 and AI-3") == ["strict", "loose"])  // number parts do not count
        #expect(firing(matcher, title: "the Teac AI-301DA amplifier") == [])  // a product code, not AI
    }

    @Test func phrasesDoNotMatchAcrossPunctuation() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["Together AI", "Institute for Computer Science, Artificial Intelligence"]
            """)
        #expect(firing(matcher, title: "Together, AI and robotics") == [])
        #expect(firing(matcher, title: "Together AI raises money") == ["w"])
        #expect(
            firing(matcher, summary: "the Institute for Computer Science, Artificial Intelligence in Sofia") == ["w"])
        #expect(
            nearMisses(matcher, "w", title: "Together, AI")
                == ["\"Together, AI\" (title) has punctuation inside the phrase \"Together AI\""])
    }

    @Test func phrasesNeverSpanTwoFields() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["Red Hat"]
            """)
        #expect(firing(matcher, title: "Wearing red", summary: "hat season") == [])
    }

    @Test func scoreWeighsTheTitleAndDistinctEvidence() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            context = ["AI", "LLM"]
            [[watch.entities]]
            name = "IBM"
            [[watch.entities]]
            name = "Meta"
            """)
        // IBM in the title (3) and Meta in the content (1); two distinct context terms (+2). IBM again adds nothing.
        let found = try #require(match(matcher, "w", title: "IBM AI", content: "IBM and Meta and an LLM"))
        #expect(found.score == 6)
        #expect(found.entities == ["IBM", "Meta"])
        #expect(found.terms == ["IBM", "Meta"])
        #expect(found.fields == [.title, .content])
    }

    @Test func aShorterOccurrenceInsideALongerOneCountsOnce() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            [[watch.entities]]
            name = "Dell Technologies"
            aliases = ["Dell", "Dell Technology"]
            """)
        let found = try #require(match(matcher, "w", summary: "Dell Technology and Dell"))
        #expect(found.terms == ["Dell Technology", "Dell"])
        #expect(found.score == 4)
    }

    @Test func matchesCarryTheItemAndWatch() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            level = "alert"
            any = ["AI Alliance"]
            """)
        let found = matcher.match(MatchableItem(id: "item-7", title: "AI Alliance"))
        #expect(
            found == [
                Match(
                    itemID: "item-7", watch: "w", level: .alert, entities: [], terms: ["AI Alliance"],
                    fields: [.title], score: 3, snippet: "AI Alliance")
            ])
    }

    @Test func allWatchesShareOneAutomaton() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "a"
            any = ["AI Alliance", "A.I. Alliance", "open weights"]
            [[watch]]
            name = "b"
            any = ["ai alliance"]
            not = ["open weights"]
            """)
        #expect(matcher.patternCount == 2)  // "ai alliance" and "open weights", shared by both watches
        #expect(matcher.phraseCount == 5)
        #expect(firing(matcher, title: "A.I. Alliance") == ["a", "b"])
        #expect(firing(matcher, title: "AI Alliance and open weights") == ["a"])
    }
}
