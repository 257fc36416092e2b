import Foundation

/// Sends alerts to sinks: one delivery of one alert to one sink per call, its outcome classified.
///
/// Pure of state: no database, no log, no retry or schedule (the daemon decides what an outcome leads to). Calls
/// may run at once from several threads.
public struct Deliverer: Sendable {
    /// How long an HTTP delivery may take, connection included, in seconds.
    public var timeout: TimeInterval
    /// The User-Agent HTTP deliveries send.
    public var userAgent: String
    /// An extra CA bundle (PEM) to trust besides the system store, if any. TLS verification is always on.
    public var caFile: String?

    /// The User-Agent sent when none is given.
    public static let defaultUserAgent = "Vigie"

    /// Creates a deliverer whose HTTP deliveries give up after `timeout` seconds.
    public init(timeout: TimeInterval = 30, userAgent: String = Deliverer.defaultUserAgent, caFile: String? = nil) {
        self.timeout = timeout
        self.userAgent = userAgent
        self.caFile = caFile
    }

    /// Delivers the alert `line` whose id is `alertID` to `target`, and says what came of it.
    ///
    /// `line` is the alert's JSON line exactly as in the alert log, without its newline; `now` dates the webhook's
    /// `webhook-timestamp` and places an HTTP-date `Retry-After`. Blocking (at most ``timeout`` seconds for HTTP,
    /// the target's own timeout plus a 2-second grace for exec); never throws. No reason in the outcome contains
    /// the target's secret, token or header values.
    ///
    /// An ``SinkTarget/email(_:)`` target gets one message per alert, with Message-ID `<alertID@vigie>` (the same on
    /// a repeat) and `now` as its date, submitted over SMTP within ``timeout`` seconds; no reason contains its
    /// password.
    public func deliver(line: String, alertID: String, to target: SinkTarget, now: Date) -> DeliveryOutcome {
        let secrets = Self.secrets(of: target)
        let outcome: DeliveryOutcome
        switch target {
        case .webhook(let url, let secret, let headers, let format):
            outcome = deliverWebhook(
                line: line, alertID: alertID, url: url, secret: secret, headers: headers, format: format, now: now,
                hiding: secrets)
        case .ntfy(let url, let token):
            outcome = deliverNtfy(line: line, alertID: alertID, url: url, token: token, now: now, hiding: secrets)
        case .exec(let command, let timeout):
            outcome = CommandRunner.run(command, input: Array((line + "\n").utf8), timeout: timeout)
        case .email(let email):
            outcome = deliverEmail(line: line, alertID: alertID, to: email, now: now)
        }
        return Self.redact(outcome, hiding: secrets)
    }

    // MARK: - HTTP sinks

    private func deliverWebhook(
        line: String, alertID: String, url: String, secret: String?, headers: [HeaderField], format: WebhookFormat,
        now: Date, hiding secrets: [String]
    ) -> DeliveryOutcome {
        let body: String
        switch format {
        case .standard:
            body = line
        case .slack:
            guard let summary = AlertSummary(line: line) else {
                return .permanent("the alert line is not a JSON object")
            }
            body = SlackMessage.body(for: summary, alertID: alertID)
        }
        let timestamp = Int(now.timeIntervalSince1970.rounded(.down))
        var fields = [
            HeaderField(name: "content-type", value: "application/json"),
            HeaderField(name: "webhook-id", value: alertID),
            HeaderField(name: "webhook-timestamp", value: String(timestamp)),
        ]
        if let secret {
            do {
                let signature = try WebhookSignature.sign(id: alertID, timestamp: timestamp, body: body, secret: secret)
                fields.append(HeaderField(name: "webhook-signature", value: signature))
            } catch {
                return .permanent(error.message)
            }
        }
        let ours = Set(fields.map { $0.name.lowercased() })
        fields += headers.filter { !ours.contains($0.name.lowercased()) }
        return post(HTTPPost(url: url, headers: fields, body: body), now: now, hiding: secrets)
    }

    private func deliverNtfy(
        line: String, alertID: String, url: String, token: String?, now: Date, hiding secrets: [String]
    ) -> DeliveryOutcome {
        guard let summary = AlertSummary(line: line) else { return .permanent("the alert line is not a JSON object") }
        guard let message = NtfyMessage(url: url, summary: summary, alertID: alertID) else {
            return .permanent("the ntfy URL names no topic (expected https://server/TOPIC)")
        }
        var fields = [HeaderField(name: "content-type", value: "application/json")]
        if let token { fields.append(HeaderField(name: "authorization", value: "Bearer \(token)")) }
        return post(HTTPPost(url: message.rootURL, headers: fields, body: message.body), now: now, hiding: secrets)
    }

    /// Makes `post` and classifies the answer (or its absence); `secrets` are kept out of the reason.
    private func post(_ post: HTTPPost, now: Date, hiding secrets: [String]) -> DeliveryOutcome {
        if let field = post.headers.first(where: { Self.isUnsafe($0.name) || Self.isUnsafe($0.value) }) {
            return .permanent("the header field \(field.name.debugDescription) has a line break or NUL")
        }
        do {
            let handle = try PostHandle(post: post, timeout: timeout, userAgent: userAgent, caFile: caFile)
            return try handle.perform().outcome(now: now, hiding: secrets)
        } catch {
            return error.outcome
        }
    }

    /// Whether `text` would break the request's framing (a header injected, a field cut short).
    private static func isUnsafe(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    // MARK: - Keeping secrets out of reasons

    /// The texts no reason may contain for `target`: its secret (with and without the `whsec_` prefix), its token,
    /// its header values; an e-mail target's password. Values shorter than 4 characters are left out (they are not
    /// secrets, and replacing them would garble the reason).
    static func secrets(of target: SinkTarget) -> [String] {
        var secrets: [String] = []
        switch target {
        case .webhook(_, let secret, let headers, _):
            if let secret {
                secrets += [secret, String(secret.trimmingCharacters(in: .whitespaces).trimmingPrefix("whsec_"))]
            }
            secrets += headers.map(\.value)
        case .ntfy(_, let token):
            if let token { secrets.append(token) }
        case .exec:
            break
        case .email(let email):
            // The password as given, and as AUTH PLAIN and LOGIN carry it (base64), should a server echo it.
            if let password = email.password {
                secrets.append(password)
                secrets.append(Data(password.utf8).base64EncodedString())
                secrets.append(Data("\0\(email.username ?? "")\0\(password)".utf8).base64EncodedString())
            }
        }
        return secrets.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 4 }
    }

    /// `outcome` with each of `secrets` replaced in its reason.
    static func redact(_ outcome: DeliveryOutcome, hiding secrets: [String]) -> DeliveryOutcome {
        guard !secrets.isEmpty else { return outcome }
        switch outcome {
        case .delivered(let answer): return .delivered(answer.redacting(secrets))
        case .retry(let after, let reason): return .retry(after: after, reason: reason.redacting(secrets))
        case .permanent(let reason): return .permanent(reason.redacting(secrets))
        case .disable(let reason): return .disable(reason.redacting(secrets))
        }
    }
}
