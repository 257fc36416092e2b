import Testing
import VigieWatch

@testable import VigieConfig

@Suite struct WatchlistParsingTests {
    /// The problems of `toml`, read as `w.toml`; `[]` when it reads.
    private func errors(_ toml: String) -> [ConfigError] {
        do {
            _ = try WatchlistLoader.parse(toml, path: "w.toml")
            return []
        } catch {
            return error.errors
        }
    }

    private func error(_ toml: String) -> ConfigError? {
        errors(toml).first
    }

    @Test func readsEveryKeyAndOption() throws {
        let watchlist = try WatchlistLoader.parse(
            """
            [[watch]]
            name = "members"
            level = "alert"
            case_sensitive = true
            any = ["Llama", { text = "open weights", case_sensitive = false, needs_context = false }]
            all = ["model"]
            not = ["recipe"]
            except = ["Llama farm", { text = "Llama ranch", unless_context = true }]
            context = [{ text = "AI", in_compounds = false }]
            context_all = [["Meta", { text = "IBM", case_sensitive = false }], ["model"]]
            context_window = 12
            fields = ["title", "summary"]
            query = 'a OR b'

            [[watch.entities]]
            name = "Intel"
            aliases = ["Intel Corp."]
            needs_context = false
            except = ["Intel Inside"]

            [[watch.entities]]
            name = "IBM"
            case_sensitive = false
            """, path: "w.toml")
        let watch = try #require(watchlist.watches.first)
        #expect(watch.name == "members")
        #expect(watch.level == .alert)
        #expect(
            watch.any == [
                Phrase("Llama", caseSensitive: true),
                Phrase("open weights", caseSensitive: false, needsContext: false),
            ])
        #expect(watch.all == [Phrase("model", caseSensitive: true)])
        #expect(watch.not == [Phrase("recipe", caseSensitive: true)])
        #expect(
            watch.except == [
                Phrase("Llama farm", caseSensitive: true),
                Phrase("Llama ranch", caseSensitive: true, unlessContext: true),
            ])
        #expect(
            watch.contextAll == [
                [Phrase("Meta", caseSensitive: true), Phrase("IBM", caseSensitive: false)],
                [Phrase("model", caseSensitive: true)],
            ])
        #expect(watch.context == [Phrase("AI", caseSensitive: true, matchesInsideCompounds: false)])
        #expect(watch.contextWindow == 12)
        #expect(watch.fields == [.title, .summary])
        #expect(watch.query?.expression == .or(.phrase("a"), .phrase("b")))
        #expect(
            watch.entities == [
                Entity(
                    name: "Intel", aliases: [Phrase("Intel Corp.", caseSensitive: true)], caseSensitive: true,
                    needsContext: false, except: [Phrase("Intel Inside", caseSensitive: true)]),
                Entity(name: "IBM"),
            ])
        #expect(watchlist.phraseCount == 16)
    }

    @Test func defaultsAreNoticeAllFieldsNoCase() throws {
        let watch = try #require(
            try WatchlistLoader.parse("[[watch]]\nname = \"mine\"\nany = [\"x\"]\n", path: "w").watches.first)
        #expect(watch == Watch(name: "mine", level: .notice, any: ["x"], fields: [.title, .summary, .content]))
    }

    @Test func syntaxErrorsComeWithTOMLKitsLineAndColumn() throws {
        let found = try #require(error("[[watch]]\nname = \"a\"\nany = [\"x\"\n"))
        #expect(found.code == .syntax)
        #expect(found.line == 3)
        #expect(found.column == 12)
        #expect(found.key == "")
        #expect(found.description == "w.toml:3:12: invalid TOML: Error while parsing array: encountered end-of-file")
        #expect(errors("[[watch]]\nname = \"a\"\nany = [\"x\"\n").count == 1)
    }

    @Test(arguments: [
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontxt = [\"AI\"]\n",
            "w.toml:4:1: watch[0].contxt: unknown key in a watch; did you mean `context`?", "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\n\n[[watch.entities]]\nname = \"IBM\"\n  alias = [\"Big Blue\"]\n",
            "w.toml:7:3: watch[0].entities[0].alias: unknown key in an entity; did you mean `aliases`?",
            "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\", { text = \"y\", casesensitive = true }]\n",
            "w.toml:3:27: watch[0].any[1].casesensitive: unknown key in a phrase; did you mean `case_sensitive`?",
            "unknown-key"
        ),
        (
            "title = \"x\"\n[[watch]]\nname = \"a\"\nany = [\"x\"]\n",
            "w.toml:1:1: title: unknown key in a watchlist (it holds [[watch]] tables); the keys here are watch",
            "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = \"x\"\n",
            "w.toml:3:1: watch[0].any: must be an array of phrases (each a string, or a table such as { text = \"Intel\", case_sensitive = true }), not a string",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\n  \"x\",\n  42,\n]\n",
            "w.toml:5:3: watch[0].any[1]: a phrase must be a string, or a table such as { text = \"Intel\", case_sensitive = true }, not an integer",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext = [\"AI\"]\ncontext_window = \"30\"\n",
            "w.toml:5:1: watch[0].context_window: must be a whole number, not a string", "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\nlevel = \"urgent\"\n",
            "w.toml:4:1: watch[0].level: unknown level `urgent`; use one of `alert`, `warning`, `notice`, `info`",
            "invalid-value"
        ),
        (
            "[watch]\nname = \"a\"\n",
            "w.toml:1:1: watch: must be an array of tables: write [[watch]] (double brackets), not [watch]",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\n[[watch]]\nname = \"a\"\nany = [\"y\"]\n",
            "w.toml:5:1: watch[1].name: a watch named `a` already exists (watch 1 of this file); watch names must be unique",
            "duplicate-name"
        ),
        ("[[watch]]\nany = [\"x\"]\n", "w.toml:1:1: watch[0].name: every watch needs a `name`", "missing-key"),
        (
            "[[watch]]\nname = \"a\"\n",
            "w.toml:1:1: watch[0]: watch `a` looks for nothing: give it `any`, `all`, `entities` or a `query`",
            "missing-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\", \"—\"]\n",
            "w.toml:3:13: watch[0].any[1]: the phrase \"—\" has no letter or digit to match", "invalid-value"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext_all = [\"IBM\"]\n",
            "w.toml:4:16: watch[0].context_all[0]: must be an array of phrases (one group), not a string", "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext_all = [[\"IBM\"], []]\n",
            "w.toml:4:25: watch[0].context_all[1]: is empty: a group needs at least one phrase", "invalid-value"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext_window = 5\n",
            "w.toml:4:1: watch[0].context_window: needs `context` terms (or `context_all` groups) to measure from; add them or remove it",
            "invalid-value"
        ),
        (
            "[[watch]]\nname = \"a\"\nquery = 'Meta AND (IBM OR'\n",
            "w.toml:3:26: watch[0].query: the query ends where a phrase was expected", "query"
        ),
        (
            "[[watch]]\nname = \"a\"\nquery = \"\\\"AI\\\" NEAR/x b\"\n",
            "w.toml:3:17: watch[0].query: `NEAR/x`: the distance after NEAR/ must be a number of words from 0 to 1000",
            "query"
        ),
        (
            "[[watch]]\nname = \"a\"\nfields = [\"body\"]\nany = [\"x\"]\n",
            "w.toml:3:11: watch[0].fields[0]: unknown field \"body\"; use \"title\", \"summary\", \"content\"",
            "invalid-value"
        ),
        (
            "", "w.toml: no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")",
            "missing-key"
        ),
    ])
    func errorsNameFileLineColumnKeyAndMessage(toml: String, message: String, code: String) throws {
        let found = errors(toml)
        #expect(found.map(\.description) == [message])
        #expect(found.first?.code.name == code)
    }

    @Test func secondWatchesAndEntitiesArePlacedByTheirOwnHeaders() throws {
        let toml = """
            [[watch]]
            name = "a"
            any = ["x"]

            [[watch]]
            name = "b"
            [[watch.entities]]
            name = "IBM"
            [[watch.entities]]
            name = "Meta"
            aliases = [true]
            """
        #expect(
            errors(toml).map(\.description) == [
                "w.toml:11:12: watch[1].entities[1].aliases[0]: a phrase must be a string, or a table such as { text = \"Intel\", case_sensitive = true }, not a boolean"
            ])
    }

    @Test func everyProblemOfEveryWatchIsReportedInFileOrder() throws {
        let toml = """
            [[watch]]
            name = "a"
            level = "urgent"
            any = ["x", "—"]

            [[watch]]
            name = "b"
            contxt = ["AI"]
            query = 'Meta AND (IBM OR'
            """
        #expect(
            errors(toml).map(\.description) == [
                "w.toml:3:1: watch[0].level: unknown level `urgent`; use one of `alert`, `warning`, `notice`, `info`",
                "w.toml:4:13: watch[0].any[1]: the phrase \"—\" has no letter or digit to match",
                "w.toml:8:1: watch[1].contxt: unknown key in a watch; did you mean `context`?",
                "w.toml:9:26: watch[1].query: the query ends where a phrase was expected",
            ])
        #expect(errors(toml).map(\.code) == [.invalidValue, .invalidValue, .unknownKey, .query])
    }

    @Test func aWrongValueDoesNotAlsoReportWhatFollowsFromIt() throws {
        // `any` written wrongly: the watch does not also "look for nothing"; `context` written wrongly: its window
        // is not also "without context terms".
        let toml = "[[watch]]\nname = \"a\"\nany = \"x\"\ncontext = \"AI\"\ncontext_window = 5\n"
        #expect(errors(toml).map(\.key) == ["watch[0].any", "watch[0].context"])
    }
}
