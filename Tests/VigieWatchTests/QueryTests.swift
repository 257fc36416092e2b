import Testing

@testable import VigieWatch

@Suite struct QueryTests {
    @Test func parsesPrecedenceImplicitAndAndExclusion() throws {
        let query = try Query(#""AI Alliance" OR (Meta AND IBM AND alliance) NOT "European AI Alliance""#)
        #expect(
            query.expression
                == .and(
                    .or(.phrase("AI Alliance"), .and(.and(.phrase("Meta"), .phrase("IBM")), .phrase("alliance"))),
                    .not(.phrase("European AI Alliance"))))
        #expect(try Query("Meta IBM").expression == .and(.phrase("Meta"), .phrase("IBM")))
        #expect(try Query("a OR b c").expression == .or(.phrase("a"), .and(.phrase("b"), .phrase("c"))))
        #expect(try Query("a AND NOT b").expression == .and(.phrase("a"), .not(.phrase("b"))))
        #expect(
            try Query("(a OR b) NEAR/5 c").expression
                == .near(.or(.phrase("a"), .phrase("b")), .phrase("c"), distance: 5))
        #expect(try Query("“open weights” Meta").expression == .and(.phrase("open weights"), .phrase("Meta")))
    }

    @Test(arguments: [
        ("", 0, "the query is empty"),
        ("a AND", 5, "the query ends where a phrase was expected"),
        ("(a OR b", 0, "this `(` is never closed"),
        ("a OR b)", 6, "this `)` closes no `(`"),
        ("\"open weights", 0, "this quotation mark is never closed"),
        ("a NEAR b", 2, "NEAR needs a distance in words, as in NEAR/5"),
        ("a NEAR/x b", 2, "`NEAR/x`: the distance after NEAR/ must be a number of words from 0 to 1000"),
        (
            "(a AND b) NEAR/3 c", 10,
            "NEAR/3 needs a phrase, an OR of phrases or another NEAR on each side (not an AND or a NOT): they have no single position"
        ),
        ("a OR OR b", 5, "expected a phrase here, found an operator"),
        ("a \"\" b", 2, "an empty phrase"),
        (
            "NOT spam", 0,
            "the query holds for an item that contains none of its phrases; give it a phrase to find (a NOT only excludes: write `x NOT y`, not `NOT y` alone)"
        ),
    ])
    func reportsErrorsWithTheirOffset(source: String, offset: Int, reason: String) {
        #expect(throws: QueryError(offset: offset, reason: reason)) { try Query(source) }
    }

    @Test func evaluatesBooleanOperatorsOnAnItem() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "q"
            query = '"AI Alliance" OR (Meta AND IBM AND alliance) NOT "European AI Alliance"'
            """)
        #expect(firing(matcher, title: "The AI Alliance grows") == ["q"])
        #expect(firing(matcher, title: "Meta and IBM form an alliance") == ["q"])
        #expect(firing(matcher, title: "Meta and IBM form a partnership") == [])
        #expect(firing(matcher, title: "The AI Alliance meets the European AI Alliance") == [])
        #expect(nearMisses(matcher, "q", title: "Meta and IBM") == ["the query does not hold"])
    }

    @Test func nearCountsWordsBetweenOccurrencesInEitherOrder() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "q"
            query = 'Meta NEAR/2 (IBM OR "Red Hat")'
            """)
        #expect(firing(matcher, summary: "Meta and IBM") == ["q"])
        #expect(firing(matcher, summary: "Red Hat, with Meta") == ["q"])
        #expect(firing(matcher, summary: "Meta joined forces with IBM") == [])  // three words between
        let found = try #require(match(matcher, "q", summary: "IBM and Meta"))
        #expect(found.terms == ["IBM", "Meta"])
    }

    @Test func excludedTermsAreNotEvidence() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "q"
            query = 'Granite OR (Llama NOT Meta)'
            """)
        let found = try #require(match(matcher, "q", summary: "Granite and Meta"))
        #expect(found.terms == ["Granite"])
    }

    @Test func aQueryIsAFurtherConditionOnTheOtherRules() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "q"
            any = ["AI Alliance"]
            query = 'Meta OR IBM'
            """)
        #expect(firing(matcher, title: "The AI Alliance and IBM") == ["q"])
        #expect(firing(matcher, title: "The AI Alliance") == [])
    }
}
