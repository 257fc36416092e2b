import Foundation

/// How one SMTP submission goes: the URL, the TLS it requires, the credentials it may send. Decided before any
/// connection, so a target that would expose its password is refused without one.
///
/// - `smtps://host`: TLS from the first byte.
/// - `smtp://host`: STARTTLS required (libcurl gives up before `AUTH` and `MAIL FROM` when the server offers none),
///   unless the host is `127.0.0.1`, `::1` or `localhost`: there, plain SMTP.
/// - Credentials go only over TLS or to a loopback host; the URL may not carry them (they belong in the sink's
///   settings, where the password is kept out of every reason).
struct SMTPPlan: Equatable {
    /// The TLS a submission requires.
    enum Security: Equatable {
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// `smtp://` upgraded with STARTTLS before anything else is sent; no upgrade, no message.
        case startTLS
        /// `smtp://` without TLS (loopback hosts only).
        case plain
    }

    /// The URL as given, trimmed.
    var url: String
    /// The host, lower-cased, without the brackets of an IPv6 literal.
    var host: String
    /// The TLS required.
    var security: Security
    /// The user name to authenticate with, if any.
    var username: String?
    /// The password, if any (sent only with a user name).
    var password: String?

    /// The hosts to which plain SMTP, and credentials without TLS, are allowed.
    static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// Why a target cannot be sent to as it is.
    struct Refusal: Error, Equatable {
        /// For people: what is wrong and what to do.
        var reason: String
    }

    /// Why credentials may not go to `host` with `security`, or `nil` when they may: never in clear, except to a
    /// loopback host.
    static func credentialRefusal(security: Security, host: String, sendsCredentials: Bool) -> String? {
        guard sendsCredentials, security == .plain, !loopbackHosts.contains(host) else { return nil }
        return "refusing to send the SMTP password in clear to \(host): use smtps:// or smtp:// with STARTTLS"
    }
}

// In an extension, so the memberwise initialiser stays (tests build plans the URL rules would not give).
extension SMTPPlan {
    /// The plan for `target`, or a refusal (a URL that is not `smtp://host` or `smtps://host`, credentials in the
    /// URL, a password without a user name, credentials that would travel in clear).
    init(target: EmailTarget) throws(Refusal) {
        let url = target.smtpURL.trimmingCharacters(in: .whitespaces)
        guard !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw Refusal(reason: "the SMTP URL has a space or a control character")
        }
        let lowered = url.lowercased()
        let scheme: String
        if lowered.hasPrefix("smtp://") {
            scheme = "smtp"
        } else if lowered.hasPrefix("smtps://") {
            scheme = "smtps"
        } else {
            throw Refusal(reason: "the SMTP URL must start with smtp:// or smtps://")
        }
        let afterScheme = url.dropFirst(scheme.count + 3)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.contains("@") else {
            throw Refusal(reason: "the SMTP URL carries credentials: give them as the sink's username and password")
        }
        guard let host = Self.host(of: authority) else {
            throw Refusal(reason: "the SMTP URL names no host (expected smtp://host[:port] or smtps://host[:port])")
        }
        let username = target.username.flatMap { $0.isEmpty ? nil : $0 }
        if username == nil, let password = target.password, !password.isEmpty {
            throw Refusal(reason: "a password is set but no username")
        }
        let isLoopback = Self.loopbackHosts.contains(host)
        let security: Security = scheme == "smtps" ? .implicitTLS : (isLoopback ? .plain : .startTLS)
        if let reason = Self.credentialRefusal(security: security, host: host, sendsCredentials: username != nil) {
            throw Refusal(reason: reason)
        }
        self.url = url
        self.host = host
        self.security = security
        self.username = username
        self.password = username == nil ? nil : (target.password ?? "")
    }

    /// The host of a URL's authority (`host`, `host:port`, `[v6]`, `[v6]:port`), lower-cased; `nil` when it is
    /// empty or the port is not a number.
    static func host(of authority: Substring) -> String? {
        let host: Substring
        let rest: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            rest = authority[authority.index(after: close)...]
        } else {
            let colon = authority.firstIndex(of: ":") ?? authority.endIndex
            host = authority[..<colon]
            rest = authority[colon...]
        }
        if !rest.isEmpty {
            let port = rest.dropFirst()
            guard rest.hasPrefix(":"), !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII),
                port.allSatisfy(\.isNumber)
            else { return nil }
        }
        return host.isEmpty ? nil : host.lowercased()
    }
}
