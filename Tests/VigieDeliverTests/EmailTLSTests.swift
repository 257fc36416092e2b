import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

/// TLS on the way to the SMTP server: implicit (smtps), STARTTLS when the plan requires it, and credentials that
/// never travel in clear.
@Suite struct EmailTLSTests {
    static let password = "c0rrect-h0rse"

    static func target(_ url: String, password: String? = EmailTLSTests.password) -> EmailTarget {
        EmailTarget(
            smtpURL: url, from: "vigie@example.org", to: ["ops@example.org"], username: "vigie", password: password)
    }

    /// Submits a small message to `url` with `security`, the plan the URL rules would not give a loopback host.
    static func send(to url: String, security: SMTPPlan.Security, caFile: String?) throws -> DeliveryOutcome {
        let plan = SMTPPlan(url: url, host: "127.0.0.1", security: security, username: "vigie", password: password)
        let message = try #require(
            AlertSummary(line: Sample.line).map {
                AlertEmail.message(
                    for: $0, published: nil, alertID: Sample.alertID, from: MailAddress("vigie@example.org")!,
                    to: [MailAddress("ops@example.org")!], now: Sample.now)
            })
        let handle = try MailHandle(
            plan: plan, sender: "vigie@example.org", recipients: ["ops@example.org"], message: message.bytes,
            timeout: 10, caFile: caFile)
        return handle.perform().outcome
    }

    @Test func smtpsVerifiesTheServerAndAuthenticatesInsideTLS() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: Self.password, tls: .implicit)
        let deliverer = Deliverer(timeout: 10, caFile: SMTPReceiver.certificatePath)
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(Self.target("smtps://127.0.0.1:\(receiver.port)")), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let messages = try receiver.messages()
        #expect(messages.map(\.tls) == [true])
        #expect(messages.map(\.authUser) == ["vigie"])
        #expect(try receiver.authAttempts().map(\.tls) == [true])
    }

    @Test func smtpsToAnUntrustedCertificateIsARetryAndSendsNothing() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: Self.password, tls: .implicit)
        let outcome = Deliverer(timeout: 10).deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(Self.target("smtps://127.0.0.1:\(receiver.port)")), now: Sample.now)
        #expect(outcome.isRetry)
        #expect(outcome.text.hasPrefix("TLS failure"))
        #expect(!outcome.text.contains(Self.password))
        #expect(try receiver.authAttempts().isEmpty)
        #expect(try receiver.messages().isEmpty)
    }

    @Test func aRequiredSTARTTLSUpgradesBeforeAuthenticating() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: Self.password, tls: .starttls)
        let outcome = try Self.send(to: receiver.url, security: .startTLS, caFile: SMTPReceiver.certificatePath)
        #expect(outcome == .delivered("SMTP 250"))
        #expect(try receiver.messages().map(\.tls) == [true])
        #expect(try receiver.authAttempts().map(\.tls) == [true])
    }

    @Test func aRequiredSTARTTLSTheServerLacksStopsBeforeTheCredentials() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: Self.password, tls: .none)
        let outcome = try Self.send(to: receiver.url, security: .startTLS, caFile: SMTPReceiver.certificatePath)
        #expect(outcome.isRetry)
        #expect(outcome.text.hasPrefix("TLS required but the server offers no STARTTLS"))
        #expect(try receiver.authAttempts().isEmpty)
        #expect(try receiver.messages().isEmpty)
    }

    @Test func plainSMTPToLoopbackMayAuthenticate() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: Self.password)
        let outcome = Deliverer(timeout: 10).deliver(
            line: Sample.line, alertID: Sample.alertID, to: .email(Self.target(receiver.url)), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        #expect(try receiver.authAttempts() == [.init(mechanism: "PLAIN", user: "vigie", ok: true, tls: false)])
    }
}
