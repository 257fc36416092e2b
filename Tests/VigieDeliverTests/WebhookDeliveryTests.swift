import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

@Suite struct WebhookDeliveryTests {
    let deliverer = Deliverer(timeout: 10)

    private func webhook(
        _ url: String, secret: String? = nil, headers: [HeaderField] = [], format: WebhookFormat = .standard
    ) -> SinkTarget {
        .webhook(url: url, secret: secret, headers: headers, format: format)
    }

    @Test func postsTheLineExactlySignedTheStandardWebhooksWay() throws {
        let receiver = try SinkReceiver(secret: Sample.vectorSecret)
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: webhook(receiver.url("/hook?x=1"), secret: Sample.vectorSecret),
            now: Sample.now)
        #expect(outcome == .delivered("HTTP 200"))
        let requests = try receiver.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "POST")
        #expect(request.path == "/hook?x=1")
        #expect(request.body == Sample.line)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["webhook-id"] == Sample.alertID)
        #expect(request.headers["webhook-timestamp"] == "1772359200")
        #expect(request.signatureOK == true)
        let expected = try WebhookSignature.sign(
            id: Sample.alertID, timestamp: 1_772_359_200, body: Sample.line, secret: Sample.vectorSecret)
        #expect(request.headers["webhook-signature"] == expected)
        #expect(request.headers["expect"] == nil)
    }

    @Test func withoutASecretNoSignatureIsSent() throws {
        let receiver = try SinkReceiver(answers: ["204"])
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/")), now: Sample.now)
        #expect(outcome == .delivered("HTTP 204"))
        let request = try #require(try receiver.requests().first)
        #expect(request.headers["webhook-signature"] == nil)
        #expect(request.headers["webhook-id"] == Sample.alertID)
    }

    @Test func sendsTheUsersHeadersButNotInPlaceOfItsOwn() throws {
        let receiver = try SinkReceiver()
        let headers = [
            HeaderField(name: "X-Team", value: "news desk"),
            HeaderField(name: "Authorization", value: "Basic dXNlcjpwdw=="),
            HeaderField(name: "Content-Type", value: "text/plain"), HeaderField(name: "X-Empty", value: ""),
        ]
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/"), headers: headers),
            now: Sample.now)
        #expect(outcome == .delivered("HTTP 200"))
        let request = try #require(try receiver.requests().first)
        #expect(request.headers["x-team"] == "news desk")
        #expect(request.headers["authorization"] == "Basic dXNlcjpwdw==")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-empty"] == "")
    }

    @Test(arguments: [
        ("204", DeliveryOutcome.delivered("HTTP 204")),
        ("201", .delivered("HTTP 201")),
        ("503:7", .retry(after: 7, reason: "HTTP 503: 503 Service Unavailable")),
        ("429:120", .retry(after: 120, reason: "HTTP 429: 429 Too Many Requests")),
        ("503", .retry(after: nil, reason: "HTTP 503: 503 Service Unavailable")),
        ("503:soon", .retry(after: nil, reason: "HTTP 503: 503 Service Unavailable")),
        ("410", .disable("HTTP 410: 410 Gone")),
        ("404", .permanent("HTTP 404: 404 Not Found")),
        ("401", .permanent("HTTP 401: 401 Unauthorized")),
        ("500", .retry(after: nil, reason: "HTTP 500: 500 Internal Server Error")),
        ("500:30", .retry(after: nil, reason: "HTTP 500: 500 Internal Server Error")),
        ("502", .retry(after: nil, reason: "HTTP 502: 502 Bad Gateway")),
        ("302", .retry(after: nil, reason: "HTTP 302: 302 Found")),
    ])
    func classifiesTheAnswer(answer: String, expected: DeliveryOutcome) throws {
        let receiver = try SinkReceiver(answers: [answer])
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/")), now: Sample.now)
        #expect(outcome == expected)
        #expect(try receiver.requests().count == 1)
    }

    @Test func anHTTPDateRetryAfterCountsFromNowAndNeverBackwards() throws {
        let receiver = try SinkReceiver(answers: ["429:@7200", "503:@-600"])
        let target = webhook(receiver.url("/"))
        let later = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Date())
        guard case .retry(let after?, let reason) = later else {
            Issue.record("expected a retry with a delay, got \(later)")
            return
        }
        #expect(abs(after - 7200) <= 5)
        #expect(reason == "HTTP 429: 429 Too Many Requests")
        let past = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Date())
        #expect(past == .retry(after: 0, reason: "HTTP 503: 503 Service Unavailable"))
    }

    @Test func aPermanentRefusalQuotesTheStartOfTheBodyWhitespaceCollapsed() throws {
        let body = "missing   field\n\t'title'  " + String(repeating: "x", count: 400)
        let receiver = try SinkReceiver(answers: ["400"], body: body)
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/")), now: Sample.now)
        guard case .permanent(let reason) = outcome else {
            Issue.record("expected permanent, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("HTTP 400: missing field 'title' xxxx"))
        #expect(reason.count <= "HTTP 400: ".count + 201)
        #expect(reason.hasSuffix("…"))
    }

    @Test func aRefusedConnectionIsRetried() {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook("http://127.0.0.1:\(Sample.closedPort())/hook"),
            now: Sample.now)
        guard case .retry(nil, let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("could not connect: "))
    }

    @Test func aSlowReceiverTimesOutAndIsRetried() throws {
        let receiver = try SinkReceiver(delay: 5)
        let started = Date()
        let outcome = Deliverer(timeout: 1).deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/")), now: Sample.now)
        #expect(Date().timeIntervalSince(started) < 4)
        guard case .retry(nil, let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("timed out: "))
    }

    @Test func anUntrustedCertificateIsRetriedBecauseVerificationIsAlwaysOn() {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(FixtureServer.shared.tlsURL("/status/204")),
            now: Sample.now)
        guard case .retry(nil, let reason) = outcome else {
            Issue.record("expected a retry, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("TLS failure: "))
        #expect(reason.lowercased().contains("certificate"))
    }

    @Test func theSameCertificateTrustedThroughACAFileDelivers() {
        let certificate = FixtureServer.repositoryRoot.appendingPathComponent("Tests/Fixtures/http/selfsigned.pem")
        let outcome = Deliverer(timeout: 10, caFile: certificate.path).deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(FixtureServer.shared.tlsURL("/status/204")),
            now: Sample.now)
        #expect(outcome == .delivered("HTTP 204"))
    }

    @Test(arguments: ["ftp://127.0.0.1/hook", "file:///etc/passwd", "http://[::1/hook", "not a url"])
    func aURLThatCanNeverWorkIsPermanent(url: String) {
        let outcome = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: webhook(url), now: Sample.now)
        guard case .permanent = outcome else {
            Issue.record("expected permanent for \(url), got \(outcome)")
            return
        }
    }

    @Test func aHeaderWithALineBreakIsNotSent() throws {
        let receiver = try SinkReceiver()
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: webhook(receiver.url("/"), headers: [HeaderField(name: "X-A", value: "1\r\nX-Injected: yes")]),
            now: Sample.now)
        #expect(outcome == .permanent(#"the header field "X-A" has a line break or NUL"#))
        #expect(try receiver.requests().isEmpty)
    }

    @Test func anInvalidSecretIsPermanentAndNothingIsSent() throws {
        let receiver = try SinkReceiver()
        let secret = "whsec_%%hunter2%%"
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: webhook(receiver.url("/"), secret: secret), now: Sample.now)
        guard case .permanent(let reason) = outcome else {
            Issue.record("expected permanent, got \(outcome)")
            return
        }
        #expect(!reason.contains("hunter2"))
        #expect(try receiver.requests().isEmpty)
    }

    @Test func noReasonQuotesTheSecretTheTokenOrAHeaderValueEvenWhenTheReceiverEchoesThem() throws {
        let key = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let echo = "bad signature: secret whsec_\(key), key \(key), token tk_0123456789abcdef, api key k-secret-42"
        for answer in ["400", "410", "503", "500"] {
            let receiver = try SinkReceiver(answers: [answer], body: echo)
            let targets: [(SinkTarget, [String])] = [
                (
                    webhook(
                        receiver.url("/"), secret: Sample.vectorSecret,
                        headers: [HeaderField(name: "X-Api-Key", value: "k-secret-42")]),
                    [key, "k-secret-42"]
                ),
                (.ntfy(url: receiver.url("/alerts"), token: "tk_0123456789abcdef"), ["tk_0123456789abcdef"]),
            ]
            for (target, secrets) in targets {
                let outcome = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
                let reason = outcome.text
                #expect(reason.hasPrefix("HTTP \(answer): "))
                #expect(reason.contains("[redacted]"))
                for secret in secrets {
                    #expect(!reason.contains(secret), "\(answer): \(reason)")
                }
            }
        }
    }

    @Test func aSecretAcrossTheEndOfTheQuoteIsStillRedactedWhole() throws {
        let token = "tk_0123456789abcdefghij"
        let body = String(repeating: "x", count: 190) + " " + token + " and more"
        let receiver = try SinkReceiver(answers: ["400"], body: body)
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: .ntfy(url: receiver.url("/t"), token: token),
            now: Sample.now)
        #expect(outcome.text.hasPrefix("HTTP 400: xxx"))
        #expect(!outcome.text.contains("tk_"))
    }

    @Test func aBodyPastTheLimitIsCutAndTheAnswerStillCounts() throws {
        let body = "too large: " + String(repeating: "y", count: 100_000)
        let receiver = try SinkReceiver(answers: ["422", "200"], body: body)
        let target = webhook(receiver.url("/"))
        let refused = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
        #expect(refused.text.hasPrefix("HTTP 422: too large: yyyy"))
        guard case .permanent = refused else {
            Issue.record("expected permanent, got \(refused)")
            return
        }
        let delivered = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
        #expect(delivered == .delivered("HTTP 200"))
    }

    @Test func eachAttemptGetsTheReceiversNextAnswer() throws {
        let receiver = try SinkReceiver(answers: ["503:1", "503", "200"])
        let target = webhook(receiver.url("/"))
        let outcomes = (0..<4).map { _ in
            deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
        }
        #expect(
            outcomes == [
                .retry(after: 1, reason: "HTTP 503: 503 Service Unavailable"),
                .retry(after: nil, reason: "HTTP 503: 503 Service Unavailable"),
                .delivered("HTTP 200"), .delivered("HTTP 200"),
            ])
        #expect(try receiver.requests().map(\.status) == [503, 503, 200, 200])
    }
}
