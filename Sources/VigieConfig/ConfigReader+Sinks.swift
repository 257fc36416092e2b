import Foundation
import Glibc
import TOMLKit
import VigieWatch

extension ConfigReader {
    static let sinkKeys = [
        "name", "type", "url", "secret_file", "token_file", "headers", "format", "command", "timeout", "watches",
        "min_level", "kinds", "min_backoff", "max_backoff", "max_age", "smtp_url", "from", "to", "username",
        "password_file", "digest",
    ]
    static let sinkKinds = SinkConfig.Kind.allCases.map(\.rawValue)

    /// The `[[sink]]` tables; a sink with a problem is reported and left out.
    mutating func readSinks(_ root: TOMLTable) -> [SinkConfig] {
        let key = TOMLPath.root.key("sink")
        guard let array = document.array(root, "sink", at: .root, expected: "written as [[sink]] tables") else {
            return []
        }
        var sinks: [SinkConfig] = []
        var firsts: [String: Int] = [:]
        for (index, element) in array.enumerated() {
            let path = key.index(index)
            guard let table = element.table else {
                document.report(.wrongType, at: path, "must be a [[sink]] table, not \(TOMLDocument.describe(element))")
                continue
            }
            let problems = document.problems.count
            guard let sink = readSink(table, at: path) else { continue }
            if let first = firsts[sink.name] {
                document.report(
                    .duplicateName, at: path.key("name"),
                    "\"\(sink.name)\" names two sinks (first \(key.index(first))); give each its own name")
                continue
            }
            firsts[sink.name] = index
            if document.problems.count == problems { sinks.append(sink) }
        }
        return sinks
    }

    private mutating func readSink(_ table: TOMLTable, at path: TOMLPath) -> SinkConfig? {
        document.checkKeys(table, at: path, known: Self.sinkKeys)
        guard let name = document.string(table, "name", at: path) else {
            if table["name"] == nil {
                document.report(.missingKey, at: path.key("name"), "every [[sink]] needs a name")
            }
            return nil
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !name.isEmpty, name.allSatisfy(allowed.contains) else {
            document.report(
                .invalidValue, at: path.key("name"),
                "\"\(name)\" is not a sink name; use letters, digits, '-', '_' and '.'")
            return nil
        }
        guard let typeName = document.string(table, "type", at: path) else {
            if table["type"] == nil {
                document.report(
                    .missingKey, at: path.key("type"),
                    "sink \"\(name)\" needs a type: \(Self.sinkKinds.joined(separator: ", "))")
            }
            return nil
        }
        guard let kind = SinkConfig.Kind(rawValue: typeName) else {
            document.report(
                .invalidValue, at: path.key("type"),
                "\"\(typeName)\" is not a sink type; use \(Self.sinkKinds.joined(separator: ", "))")
            return nil
        }
        let line = document.position(of: path.key("name"))?.line
        var sink = SinkConfig(name: name, kind: kind, origin: line.map { "\(document.file):\($0)" } ?? document.file)
        readFilters(table, at: path, into: &sink)
        sink.timeout = document.duration(table, "timeout", at: path) ?? sink.timeout
        let emailKeys = ["smtp_url", "from", "to", "username", "password_file", "digest"]
        if kind != .email {
            for key in emailKeys where table[key] != nil { notFor(key, kind, at: path) }
        }
        switch kind {
        case .webhook:
            sink.url = readURL(table, at: path, sink: name)
            sink.format = document.string(table, "format", at: path) ?? "standard"
            if !["standard", "slack"].contains(sink.format) {
                document.report(
                    .invalidValue, at: path.key("format"),
                    "\"\(sink.format)\" is not a webhook format; use \"standard\" (the alert's JSON, signed) or "
                        + "\"slack\" (a Slack or Mattermost message)")
            }
            sink.headers = readSinkHeaders(table, at: path)
            sink.secret = readSecret(table, "secret_file", at: path)
            if sink.secret == nil && sink.format == "standard" && table["secret_file"] == nil {
                document.report(
                    .missingKey, at: path.key("secret_file"),
                    "webhook \"\(name)\" needs a secret_file: a file holding its signing secret (whsec_…), "
                        + "readable by vigie only")
            }
            for key in ["token_file", "command"] where table[key] != nil { notFor(key, kind, at: path) }
        case .ntfy:
            sink.url = readURL(table, at: path, sink: name)
            sink.token = readSecret(table, "token_file", at: path)
            for key in ["secret_file", "headers", "format", "command"] where table[key] != nil {
                notFor(key, kind, at: path)
            }
        case .exec:
            sink.command = readCommand(table, at: path, sink: name)
            for key in ["url", "secret_file", "token_file", "headers", "format"] where table[key] != nil {
                notFor(key, kind, at: path)
            }
        case .email:
            readEmail(table, at: path, into: &sink)
            for key in ["url", "secret_file", "token_file", "headers", "format", "command"] where table[key] != nil {
                notFor(key, kind, at: path)
            }
        }
        return sink
    }

    private mutating func readEmail(_ table: TOMLTable, at path: TOMLPath, into sink: inout SinkConfig) {
        if let url = document.string(table, "smtp_url", at: path) {
            let lowered = url.lowercased()
            if lowered.hasPrefix("smtp://") || lowered.hasPrefix("smtps://") {
                sink.smtpURL = url
            } else {
                document.report(
                    .invalidValue, at: path.key("smtp_url"),
                    "\"\(url)\" is not an SMTP URL; write smtp://HOST:587 (STARTTLS) or smtps://HOST:465")
            }
        } else if table["smtp_url"] == nil {
            document.report(.missingKey, at: path.key("smtp_url"), "email sink \"\(sink.name)\" needs an smtp_url")
        }
        if let from = document.string(table, "from", at: path) {
            if from.contains("@") {
                sink.from = from
            } else {
                document.report(.invalidValue, at: path.key("from"), "\"\(from)\" is not an email address")
            }
        } else if table["from"] == nil {
            document.report(.missingKey, at: path.key("from"), "email sink \"\(sink.name)\" needs a from address")
        }
        let recipients = document.array(table, "to", at: path, expected: "a list of addresses")
        if let recipients {
            sink.to = readStrings(recipients, at: path.key("to"), what: "an address")
            for (index, address) in sink.to.enumerated() where !address.contains("@") {
                document.report(
                    .invalidValue, at: path.key("to").index(index), "\"\(address)\" is not an email address")
            }
        }
        if sink.to.isEmpty && (table["to"] == nil || recipients?.isEmpty == true) {
            document.report(
                .missingKey, at: path.key("to"), "email sink \"\(sink.name)\" needs at least one address in to")
        }
        sink.username = document.string(table, "username", at: path)
        sink.password = readSecret(table, "password_file", at: path)
        if let text = document.string(table, "digest", at: path) {
            if let schedule = DigestSchedule(text) {
                sink.digest = schedule
            } else {
                document.report(
                    .invalidValue, at: path.key("digest"),
                    "\"\(text)\" is not a digest; use \"off\" (one email per alert), \"hourly\" or \"daily HH:MM\"")
            }
        }
    }

    private mutating func notFor(_ key: String, _ kind: SinkConfig.Kind, at path: TOMLPath) {
        document.report(.unknownKey, at: path.key(key), "a \(kind.rawValue) sink has no \(key); remove it")
    }

    private mutating func readFilters(_ table: TOMLTable, at path: TOMLPath, into sink: inout SinkConfig) {
        if let array = document.array(table, "watches", at: path, expected: "a list of watch names") {
            sink.watches = readStrings(array, at: path.key("watches"), what: "a watch name")
        }
        if let level = document.string(table, "min_level", at: path) {
            if let value = WatchLevel(rawValue: level) {
                sink.minLevel = value
            } else {
                document.report(
                    .invalidValue, at: path.key("min_level"),
                    "\"\(level)\" is not a level; use \(WatchLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let array = document.array(table, "kinds", at: path, expected: "a list such as [\"story\", \"coverage\"]") {
            let kinds = readStrings(array, at: path.key("kinds"), what: "a kind")
            for (index, kind) in kinds.enumerated() where !SinkConfig.lineKinds.contains(kind) {
                document.report(
                    .invalidValue, at: path.key("kinds").index(index),
                    "\"\(kind)\" is not a kind of alert line; use \"story\", \"coverage\" or \"feed-health\"")
            }
            sink.kinds = kinds
        }
        sink.minBackoff = document.duration(table, "min_backoff", at: path) ?? sink.minBackoff
        sink.maxBackoff = document.duration(table, "max_backoff", at: path) ?? sink.maxBackoff
        sink.maxAge = document.duration(table, "max_age", at: path) ?? sink.maxAge
        if sink.minBackoff <= 0 || sink.minBackoff > sink.maxBackoff {
            document.report(
                .invalidValue, at: path.key("min_backoff"),
                "min_backoff must be above zero and at most max_backoff")
        }
    }

    private mutating func readStrings(_ array: TOMLArray, at path: TOMLPath, what: String) -> [String] {
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            if let text = element.string {
                strings.append(text)
            } else {
                document.report(
                    .wrongType, at: path.index(index),
                    "must be \(what) (a string), not \(TOMLDocument.describe(element))")
            }
        }
        return strings
    }

    private mutating func readURL(_ table: TOMLTable, at path: TOMLPath, sink: String) -> String? {
        guard let url = document.string(table, "url", at: path) else {
            if table["url"] == nil {
                document.report(.missingKey, at: path.key("url"), "sink \"\(sink)\" needs a url")
            }
            return nil
        }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            document.report(.invalidValue, at: path.key("url"), "\"\(url)\" is not an http or https URL")
            return nil
        }
        return url
    }

    private mutating func readSinkHeaders(_ table: TOMLTable, at path: TOMLPath) -> [String: String] {
        let expected = "a table, like headers = { \"X-Team\" = \"press\" }"
        guard let headers = document.table(table, "headers", at: path, expected: expected) else { return [:] }
        var result: [String: String] = [:]
        for key in headers.keys {
            if let text = document.string(headers, key, at: path.key("headers")) { result[key] = text }
        }
        return result
    }

    private mutating func readCommand(_ table: TOMLTable, at path: TOMLPath, sink: String) -> [String] {
        let expected = "an argument list such as [\"/usr/local/bin/notify\", \"--quiet\"]"
        guard let array = document.array(table, "command", at: path, expected: expected) else {
            if table["command"] == nil {
                document.report(.missingKey, at: path.key("command"), "exec sink \"\(sink)\" needs a command")
            }
            return []
        }
        let command = readStrings(array, at: path.key("command"), what: "an argument")
        guard let program = command.first else {
            document.report(.invalidValue, at: path.key("command"), "the command is empty; name a program")
            return []
        }
        if !program.hasPrefix("/") {
            document.report(
                .invalidValue, at: path.key("command").index(0),
                "\"\(program)\" is not an absolute path; vigie runs no shell and searches no PATH")
        } else if access(program, X_OK) != 0 {
            let reason = String(cString: strerror(errno))
            document.report(.unreadable, at: path.key("command").index(0), "cannot run \(program): \(reason)")
        }
        return command
    }

    /// The secret in the file that `key` names, trimmed; a missing or unreadable file is a problem, one that others
    /// may read a warning.
    private mutating func readSecret(_ table: TOMLTable, _ key: String, at path: TOMLPath) -> String? {
        guard let file = document.string(table, key, at: path) else { return nil }
        let resolved = resolve(file)
        let text: String
        do {
            text = try FileContents.text(resolved, what: "secret")
        } catch {
            document.report(.unreadable, at: path.key(key), "\(resolved): \(error.message)")
            return nil
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if secret.isEmpty {
            document.report(.invalidValue, at: path.key(key), "\(resolved) is empty; write the secret in it")
            return nil
        }
        var info = stat()
        if stat(resolved, &info) == 0, info.st_mode & S_IROTH != 0 {
            warn(at: path.key(key), "\(resolved) is readable by every user; chmod o-r it (it holds a secret)")
        }
        return secret
    }
}
