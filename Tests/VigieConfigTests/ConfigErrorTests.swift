import Testing

@testable import VigieConfig

@Suite struct ConfigErrorTests {
    @Test(arguments: [
        (
            ConfigError(code: .wrongType, file: "a.toml", line: 3, column: 7, key: "fetch.timeout", message: "m"),
            "a.toml:3:7: fetch.timeout: m"
        ),
        (
            ConfigError(code: .invalidValue, file: "a.toml", line: 3, key: "feed[2].url", message: "m"),
            "a.toml:3: feed[2].url: m"
        ),
        (
            ConfigError(code: .query, file: "w.toml", line: 9, column: 26, key: "watch[3].any[1]", message: "m"),
            "w.toml:9:26: watch[3].any[1]: m"
        ),
        (
            ConfigError(code: .syntax, file: "a.toml", line: 2, column: 1, message: "invalid TOML: x"),
            "a.toml:2:1: invalid TOML: x"
        ),
        (
            ConfigError(code: .unreadable, file: "/etc/vigie/vigie.toml", message: "cannot read"),
            "/etc/vigie/vigie.toml: cannot read"
        ),
        (ConfigError(code: .missingKey, file: "a.toml", key: "watchlists", message: "m"), "a.toml: watchlists: m"),
        // A column without a line says nothing: it is left out too.
        (ConfigError(code: .wrongType, file: "a.toml", column: 4, key: "k", message: "m"), "a.toml: k: m"),
    ])
    func theDescriptionIsFileLineColumnKeyMessage(error: ConfigError, description: String) {
        #expect(error.description == description)
    }

    @Test func errorsListOneProblemPerLine() {
        let errors = ConfigErrors(errors: [
            ConfigError(code: .unknownKey, file: "a.toml", line: 1, column: 1, key: "x", message: "unknown key"),
            ConfigError(code: .missingKey, file: "a.toml", message: "no feed"),
        ])
        #expect(errors.description == "a.toml:1:1: x: unknown key\na.toml: no feed")
    }

    @Test(arguments: [
        (TOMLPath.root.key("fetch").key("timeout"), "fetch.timeout"),
        (TOMLPath.root.key("feed").index(2).key("url"), "feed[2].url"),
        (TOMLPath.root.key("watch").index(3).key("any").index(1), "watch[3].any[1]"),
        (TOMLPath.root.key("feed").index(0).key("headers").key("X Token"), "feed[0].headers.\"X Token\""),
        (TOMLPath.root.key("watch").index(0).appending("entities[2].aliases[1]"), "watch[0].entities[2].aliases[1]"),
    ])
    func pathsAreWrittenAsDottedKeys(path: TOMLPath, written: String) {
        #expect(path.description == written)
    }
}
