import Testing

@testable import VigieWatch

/// `context_all` (every group must have a term near) and `unless_context` exceptions, on small watchlists.
@Suite struct ContextGroupTests {
    private let founders = """
        [[watch]]
        name = "w"
        any = [{ text = "AI Alliance", case_sensitive = true, needs_context = false }, "alliance"]
        context_window = 8
        context_all = [["Meta", "メタ"], ["IBM"]]
        except = [{ text = "Global AI Alliance", unless_context = true }, "European AI Alliance"]
        """

    @Test func aDescriptionNeedsATermOfEveryGroup() throws {
        let matcher = try matcher(founders)
        #expect(firing(matcher, title: "Meta and IBM form an alliance") == ["w"])
        #expect(firing(matcher, title: "IBM forms an alliance with SAP") == [])
        #expect(firing(matcher, title: "Meta forms an alliance") == [])
        #expect(firing(matcher, title: "IBMとメタのalliance") == ["w"])
        #expect(
            nearMisses(matcher, "w", title: "IBM forms an alliance with SAP")
                == ["\"alliance\" found in title, no context term within 8 words"])
    }

    @Test func eachGroupMustBeWithinTheWindow() throws {
        let matcher = try matcher(founders)
        #expect(firing(matcher, summary: "IBM one two three four five six seven eight nine alliance with Meta") == [])
        #expect(firing(matcher, summary: "IBM one two three alliance with Meta") == ["w"])
    }

    @Test func aTitleWithEveryGroupSupportsTheWholeItem() throws {
        let matcher = try matcher(founders)
        let summary = "one two three four five six seven eight nine ten the alliance grows"
        #expect(firing(matcher, title: "Meta and IBM: the alliance", summary: summary) == ["w"])
        #expect(firing(matcher, title: "Meta and IBM news", summary: summary) == [])
    }

    @Test func aPhraseThatNeedsNoContextNeedsNoGroup() throws {
        let matcher = try matcher(founders)
        #expect(firing(matcher, title: "The AI Alliance publishes a report") == ["w"])
        #expect(firing(matcher, title: "An AI alliance of cities") == [])
    }

    @Test func contextLiftsOnlyTheExceptionsThatSaySo() throws {
        let matcher = try matcher(founders)
        #expect(firing(matcher, title: "The Global AI Alliance Initiative meets") == [])
        #expect(firing(matcher, title: "The Global AI Alliance, led by IBM and Meta") == ["w"])
        #expect(firing(matcher, title: "IBM and Meta speak at the European AI Alliance") == [])
    }

    @Test func groupsAddToContextTerms() throws {
        let matcher = try matcher(
            """
            [[watch]]
            name = "w"
            any = ["Granite"]
            context = ["model"]
            context_all = [["IBM"]]
            """)
        #expect(firing(matcher, title: "IBM ships a Granite model") == ["w"])
        #expect(firing(matcher, title: "IBM ships Granite countertops") == [])
        #expect(firing(matcher, title: "Granite model") == [])
    }
}
