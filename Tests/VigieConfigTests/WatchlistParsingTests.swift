import Testing

import VigieWatch

@testable import VigieConfig

@Suite struct WatchlistParsingTests {
    private func error(_ toml: String) -> WatchlistError? {
        do {
            _ = try Watchlist.parse(toml, file: "w.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryKeyAndOption() throws {
        let watchlist = try Watchlist.parse(
            """
            [[watch]]
            name = "members"
            level = "alert"
            case_sensitive = true
            any = ["Llama", { text = "open weights", case_sensitive = false, needs_context = false }]
            all = ["model"]
            not = ["recipe"]
            except = ["Llama farm"]
            context = [{ text = "AI", in_compounds = false }]
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
            """, file: "w.toml")
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
        #expect(watch.except == [Phrase("Llama farm", caseSensitive: true)])
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
        #expect(watchlist.phraseCount == 12)
    }

    @Test func defaultsAreNoticeAllFieldsNoCase() throws {
        let watch = try #require(
            try Watchlist.parse("[[watch]]\nname = \"mine\"\nany = [\"x\"]\n", file: "w").watches.first)
        #expect(watch == Watch(name: "mine", level: .notice, any: ["x"], fields: [.title, .summary, .content]))
    }

    @Test func syntaxErrorsComeWithTOMLKitsLineAndColumn() throws {
        let found = try #require(error("[[watch]]\nname = \"a\"\nany = [\"x\"\n"))
        #expect(found.code == .syntax)
        #expect(found.line == 3)
        #expect(found.column == 12)
        #expect(found.description == "w.toml:3:12: invalid TOML: Error while parsing array: encountered end-of-file")
    }

    @Test(arguments: [
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontxt = [\"AI\"]\n",
            "w.toml:4:1: unknown key `contxt` in a watch; did you mean `context`?", "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\n\n[[watch.entities]]\nname = \"IBM\"\n  alias = [\"Big Blue\"]\n",
            "w.toml:7:3: unknown key `alias` in an entity; did you mean `aliases`?", "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\", { text = \"y\", casesensitive = true }]\n",
            "w.toml:3:27: unknown key `casesensitive` in a phrase; did you mean `case_sensitive`?", "unknown-key"
        ),
        (
            "title = \"x\"\n[[watch]]\nname = \"a\"\nany = [\"x\"]\n",
            "w.toml:1:1: unknown key `title` in a watchlist (it holds [[watch]] tables); known keys: `watch`",
            "unknown-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = \"x\"\n",
            "w.toml:3:1: `any` must be an array of phrases (strings, or tables such as { text = \"Intel\", case_sensitive = true }), not a string",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\n  \"x\",\n  42,\n]\n",
            "w.toml:5:3: the elements of `any` must be strings, or tables such as { text = \"Intel\", case_sensitive = true }; this one is an integer",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext = [\"AI\"]\ncontext_window = \"30\"\n",
            "w.toml:5:1: `context_window` must be a whole number, not a string", "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\nlevel = \"urgent\"\n",
            "w.toml:4:1: unknown level `urgent`; use one of `alert`, `warning`, `notice`, `info`", "invalid-value"
        ),
        (
            "[watch]\nname = \"a\"\n",
            "w.toml:1:1: `watch` must be an array of tables: write [[watch]] (double brackets), not [watch]",
            "wrong-type"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\n[[watch]]\nname = \"a\"\nany = [\"y\"]\n",
            "w.toml:5:1: a watch named `a` already exists (watch 1 of this file); watch names must be unique",
            "duplicate-name"
        ),
        ("[[watch]]\nany = [\"x\"]\n", "w.toml:1:1: this watch has no `name`", "missing-key"),
        (
            "[[watch]]\nname = \"a\"\n",
            "w.toml:1:1: watch `a` looks for nothing: give it `any`, `all`, `entities` or a `query`", "missing-key"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\", \"—\"]\n",
            "w.toml:3:13: the phrase \"—\" has no letter or digit to match", "invalid-value"
        ),
        (
            "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncontext_window = 5\n",
            "w.toml:4:1: `context_window` needs `context` terms to measure from; add them or remove it",
            "invalid-value"
        ),
        (
            "[[watch]]\nname = \"a\"\nquery = 'Meta AND (IBM OR'\n",
            "w.toml:3:26: query: the query ends where a phrase was expected", "query"
        ),
        (
            "[[watch]]\nname = \"a\"\nquery = \"\\\"AI\\\" NEAR/x b\"\n",
            "w.toml:3:17: query: `NEAR/x`: the distance after NEAR/ must be a number of words from 0 to 1000", "query"
        ),
        (
            "[[watch]]\nname = \"a\"\nfields = [\"body\"]\nany = [\"x\"]\n",
            "w.toml:3:11: unknown field \"body\"; use \"title\", \"summary\", \"content\"", "invalid-value"
        ),
        (
            "", "w.toml:1:1: no [[watch]] table: the file watches nothing (start one with [[watch]] and name = \"…\")",
            "missing-key"
        ),
    ])
    func errorsNameFileLineColumnAndReason(toml: String, message: String, code: String) throws {
        let found = try #require(error(toml))
        #expect(found.description == message)
        #expect(found.code.name == code)
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
            error(toml)?.description
                == "w.toml:11:12: the elements of `aliases` must be strings, or tables such as { text = \"Intel\", case_sensitive = true }; this one is a boolean"
        )
    }
}
