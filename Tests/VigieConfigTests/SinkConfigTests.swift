import Foundation
import Testing

@testable import VigieConfig

/// `[[sink]]` tables: defaults, secrets read from files and never shown, every mistake named with its place.
@Suite struct SinkConfigTests {
    private func withFolder<T>(_ body: (URL, String) throws -> T) throws -> T {
        let folder = try makeConfigFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder, folder.appendingPathComponent("vigie.toml").path)
    }

    private func secret(_ folder: URL, _ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private let feed = "[[feed]]\nurl = \"https://a.example/rss\"\n"

    @Test func aWebhookAnNtfyAndAProgramWithTheirDefaults() throws {
        try withFolder { folder, path in
            _ = try secret(folder, "hook.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n")
            _ = try secret(folder, "ntfy.token", "tk_abc\n")
            let config = try ConfigLoader.parse(
                feed + """
                    [[sink]]
                    name = "press-office"
                    type = "webhook"
                    url = "https://hooks.example/vigie"
                    secret_file = "hook.secret"
                    headers = { "X-Team" = "press" }
                    [[sink]]
                    name = "phone"
                    type = "ntfy"
                    url = "https://ntfy.example/ai-alliance"
                    token_file = "ntfy.token"
                    min_level = "warning"
                    watches = ["t"]
                    kinds = ["story", "coverage"]
                    [[sink]]
                    name = "script"
                    type = "exec"
                    command = ["/bin/cat", "-u"]
                    timeout = "5s"
                    min_backoff = "10s"
                    max_backoff = "1h"
                    max_age = "1d"
                    """, path: path)
            #expect(config.sinks.map(\.name) == ["press-office", "phone", "script"])
            let hook = config.sinks[0]
            #expect(hook.kind == .webhook && hook.url == "https://hooks.example/vigie")
            #expect(hook.secret == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")  // trimmed
            #expect(hook.headers == ["X-Team": "press"] && hook.format == "standard")
            #expect(hook.watches == nil && hook.minLevel == .notice && hook.kinds == ["story"])
            #expect(hook.minBackoff == 30 && hook.maxBackoff == 6 * 3600 && hook.maxAge == 3 * 86400)
            #expect(hook.origin.hasSuffix("vigie.toml:4"))
            let phone = config.sinks[1]
            #expect(phone.token == "tk_abc" && phone.minLevel == .warning && phone.watches == ["t"])
            #expect(phone.kinds == ["story", "coverage"])
            let script = config.sinks[2]
            #expect(script.command == ["/bin/cat", "-u"] && script.timeout == 5)
            #expect(script.minBackoff == 10 && script.maxBackoff == 3600 && script.maxAge == 86400)
            #expect(config.warnings.isEmpty)
        }
    }

    @Test func anEmailSinkWithADigest() throws {
        try withFolder { folder, path in
            _ = try secret(folder, "smtp.password", "s3cret\n")
            let config = try ConfigLoader.parse(
                feed + """
                    [[sink]]
                    name = "morning"
                    type = "email"
                    smtp_url = "smtp://mail.example.org:587"
                    from = "Vigie <vigie@example.org>"
                    to = ["press@example.org", "lab@example.org"]
                    username = "vigie"
                    password_file = "smtp.password"
                    digest = "daily 07:30"
                    [[sink]]
                    name = "each"
                    type = "email"
                    smtp_url = "smtps://mail.example.org"
                    from = "vigie@example.org"
                    to = ["desk@example.org"]
                    """, path: path)
            let morning = config.sinks[0]
            #expect(morning.kind == .email && morning.smtpURL == "smtp://mail.example.org:587")
            #expect(
                morning.from == "Vigie <vigie@example.org>" && morning.to == ["press@example.org", "lab@example.org"])
            #expect(morning.username == "vigie" && morning.password == "s3cret")
            #expect(morning.digest == .daily(hour: 7, minute: 30))
            #expect(!"\(morning)".contains("s3cret"))
            #expect(config.sinks[1].digest == .off && config.sinks[1].password == nil)
        }
    }

    @Test func aSinkNeverShowsItsSecret() throws {
        try withFolder { folder, path in
            _ = try secret(folder, "hook.secret", "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=")
            let config = try ConfigLoader.parse(
                feed + """
                    [[sink]]
                    name = "h"
                    type = "webhook"
                    url = "https://hooks.example/x"
                    secret_file = "hook.secret"
                    """, path: path)
            #expect(config.sinks[0].secret != nil)
            #expect(!"\(config.sinks[0])".contains("whsec_"))
            #expect("\(config.sinks[0])" == "h (webhook → https://hooks.example/x)")
        }
    }

    @Test func aSecretOthersMayReadIsAWarning() throws {
        try withFolder { folder, path in
            _ = try secret(folder, "hook.secret", "whsec_c2VjcmV0", mode: 0o644)
            let config = try ConfigLoader.parse(
                feed + """
                    [[sink]]
                    name = "h"
                    type = "webhook"
                    url = "https://hooks.example/x"
                    secret_file = "hook.secret"
                    """, path: path)
            #expect(config.sinks.count == 1)
            let warnings = config.warnings.map(\.description)
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("sink[0].secret_file") == true)
            #expect(warnings.first?.contains("readable by every user") == true)
            #expect(warnings.first?.contains("whsec_") == false)
        }
    }

    @Test(arguments: [
        (
            "name = \"h\"\ntype = \"webhook\"\nurl = \"https://h.example\"\nsecret_file = \"missing.secret\"",
            "sink[0].secret_file: ", "missing.secret: cannot read the secret"
        ),
        (
            "name = \"h\"\ntype = \"webhook\"\nurl = \"https://h.example\"", "sink[0].secret_file: ",
            "needs a secret_file"
        ),
        ("name = \"m\"\ntype = \"email\"", "sink[0].smtp_url: ", "needs an smtp_url"),
        (
            "name = \"m\"\ntype = \"email\"\nsmtp_url = \"http://mail.example\"\nfrom = \"v@example.org\"\nto = [\"a@example.org\"]",
            "sink[0].smtp_url: ", "is not an SMTP URL"
        ),
        (
            "name = \"m\"\ntype = \"email\"\nsmtp_url = \"smtps://mail.example\"\nfrom = \"v@example.org\"\nto = []",
            "sink[0].to: ", "needs at least one address"
        ),
        (
            "name = \"m\"\ntype = \"email\"\nsmtp_url = \"smtps://mail.example\"\nfrom = \"vigie\"\nto = [\"a@example.org\"]",
            "sink[0].from: ", "is not an email address"
        ),
        (
            "name = \"m\"\ntype = \"email\"\nsmtp_url = \"smtps://mail.example\"\nfrom = \"v@example.org\"\nto = [\"a@example.org\"]\ndigest = \"daily 25:00\"",
            "sink[0].digest: ", "is not a digest"
        ),
        (
            "name = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\ndigest = \"hourly\"", "sink[0].digest: ",
            "has no digest"
        ),
        ("name = \"h\"\ntype = \"pager\"", "sink[0].type: ", "use webhook, ntfy, exec"),
        ("type = \"ntfy\"\nurl = \"https://n.example/t\"", "sink[0].name: ", "every [[sink]] needs a name"),
        ("name = \"a b\"\ntype = \"ntfy\"\nurl = \"https://n.example/t\"", "sink[0].name: ", "is not a sink name"),
        ("name = \"n\"\ntype = \"ntfy\"", "sink[0].url: ", "needs a url"),
        ("name = \"n\"\ntype = \"ntfy\"\nurl = \"ftp://n.example/t\"", "sink[0].url: ", "not an http or https URL"),
        (
            "name = \"n\"\ntype = \"ntfy\"\nurl = \"https://n/t\"\ncommand = [\"/bin/true\"]", "sink[0].command: ",
            "has no command"
        ),
        ("name = \"x\"\ntype = \"exec\"\ncommand = [\"notify-send\"]", "sink[0].command[0]: ", "not an absolute path"),
        ("name = \"x\"\ntype = \"exec\"\ncommand = [\"/nonexistent/notify\"]", "sink[0].command[0]: ", "cannot run"),
        ("name = \"x\"\ntype = \"exec\"\ncommand = []", "sink[0].command: ", "the command is empty"),
        (
            "name = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\nmin_level = \"urgent\"", "sink[0].min_level: ",
            "is not a level"
        ),
        (
            "name = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\nkinds = [\"all\"]", "sink[0].kinds[0]: ",
            "not a kind"
        ),
        (
            "name = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\nmin_backoff = \"2h\"\nmax_backoff = \"1h\"",
            "sink[0].min_backoff: ", "at most max_backoff"
        ),
        ("name = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\nretries = 3", "sink[0].retries: ", "unknown key"),
    ])
    func mistakesAreNamedWithTheirPlace(_ case: (body: String, key: String, message: String)) throws {
        try withFolder { _, path in
            do {
                _ = try ConfigLoader.parse(feed + "[[sink]]\n" + `case`.body + "\n", path: path)
                Issue.record("accepted: \(`case`.body)")
            } catch let error as ConfigErrors {
                let text = error.errors.map(\.description).joined(separator: "\n")
                #expect(text.contains(`case`.key), "\(text)")
                #expect(text.contains(`case`.message), "\(text)")
            }
        }
    }

    @Test func twoSinksCannotShareAName() throws {
        _ = try withFolder { _, path in
            #expect(throws: ConfigErrors.self) {
                _ = try ConfigLoader.parse(
                    feed + """
                        [[sink]]
                        name = "x"
                        type = "exec"
                        command = ["/bin/true"]
                        [[sink]]
                        name = "x"
                        type = "exec"
                        command = ["/bin/true"]
                        """, path: path)
            }
        }
    }

    @Test func aWatchNoWatchlistHasIsAnError() throws {
        try withFolder { folder, path in
            try (feed + "[[sink]]\nname = \"x\"\ntype = \"exec\"\ncommand = [\"/bin/true\"]\nwatches = [\"nope\"]\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try LoadedConfig.load(path: path)
                Issue.record("accepted a sink naming an unknown watch")
            } catch let error as ConfigErrors {
                let text = error.errors.map(\.description).joined(separator: "\n")
                #expect(text.contains("sink \"x\".watches"), "\(text)")
                #expect(text.contains("no watchlist has a watch named \"nope\"; the watches are t"), "\(text)")
            }
            _ = folder
        }
    }
}
