import Foundation
import Testing

@testable import VigieDeliver

/// The decision made before any connection: which TLS a URL requires and whether credentials may go. No test here
/// connects anywhere (192.0.2.0/24 is TEST-NET-1, and is only ever parsed).
@Suite struct SMTPPlanTests {
    static func plan(_ url: String, username: String? = "vigie", password: String? = "s3cret-pass") throws(SMTPPlan
        .Refusal) -> SMTPPlan
    {
        try SMTPPlan(
            target: EmailTarget(
                smtpURL: url, from: "vigie@example.org", to: ["ops@example.org"], username: username,
                password: password))
    }

    @Test(arguments: [
        ("smtp://mail.example.org", SMTPPlan.Security.startTLS, "mail.example.org"),
        ("smtp://192.0.2.1", .startTLS, "192.0.2.1"),
        ("smtp://192.0.2.1:587/vigie.example.org", .startTLS, "192.0.2.1"),
        ("smtps://mail.example.org:465", .implicitTLS, "mail.example.org"),
        ("SMTPS://Mail.Example.ORG", .implicitTLS, "mail.example.org"),
        ("smtp://127.0.0.1:2525", .plain, "127.0.0.1"),
        ("smtp://localhost", .plain, "localhost"),
        ("SMTP://LOCALHOST:25", .plain, "localhost"),
        ("smtp://[::1]:2525", .plain, "::1"),
        ("smtps://127.0.0.1:4650", .implicitTLS, "127.0.0.1"),
        ("smtp://127.0.0.2", .startTLS, "127.0.0.2"),
        ("smtp://localhost.example.org", .startTLS, "localhost.example.org"),
        ("smtp://[2001:db8::1]:25", .startTLS, "2001:db8::1"),
    ])
    func smtpRequiresSTARTTLSExceptToLoopback(url: String, security: SMTPPlan.Security, host: String) throws {
        let plan = try Self.plan(url)
        #expect(plan.security == security)
        #expect(plan.host == host)
        #expect(plan.username == "vigie")
        #expect(plan.password == "s3cret-pass")
    }

    @Test func credentialsNeverGoInClearToAHostThatIsNotLoopback() {
        #expect(SMTPPlan.credentialRefusal(security: .plain, host: "192.0.2.1", sendsCredentials: true) != nil)
        #expect(SMTPPlan.credentialRefusal(security: .plain, host: "mail.example.org", sendsCredentials: true) != nil)
        #expect(SMTPPlan.credentialRefusal(security: .plain, host: "127.0.0.1", sendsCredentials: true) == nil)
        #expect(SMTPPlan.credentialRefusal(security: .plain, host: "::1", sendsCredentials: true) == nil)
        #expect(SMTPPlan.credentialRefusal(security: .startTLS, host: "192.0.2.1", sendsCredentials: true) == nil)
        #expect(SMTPPlan.credentialRefusal(security: .implicitTLS, host: "192.0.2.1", sendsCredentials: true) == nil)
        #expect(SMTPPlan.credentialRefusal(security: .plain, host: "192.0.2.1", sendsCredentials: false) == nil)
        // And no URL makes a plan that would: every non-loopback smtp:// host requires STARTTLS.
        for url in ["smtp://192.0.2.1", "smtp://192.0.2.1:25", "smtp://mail.example.org:587"] {
            #expect((try? Self.plan(url))?.security == .startTLS)
        }
    }

    @Test(arguments: [
        ("http://192.0.2.1", "the SMTP URL must start with smtp:// or smtps://"),
        ("192.0.2.1:25", "the SMTP URL must start with smtp:// or smtps://"),
        ("smtp://", "the SMTP URL names no host (expected smtp://host[:port] or smtps://host[:port])"),
        ("smtp://:25", "the SMTP URL names no host (expected smtp://host[:port] or smtps://host[:port])"),
        ("smtp://192.0.2.1:abc", "the SMTP URL names no host (expected smtp://host[:port] or smtps://host[:port])"),
        ("smtp://[::1", "the SMTP URL names no host (expected smtp://host[:port] or smtps://host[:port])"),
        ("smtp://mail example.org", "the SMTP URL has a space or a control character"),
        (
            "smtp://vigie:s3cret-pass@192.0.2.1",
            "the SMTP URL carries credentials: give them as the sink's username and password"
        ),
    ])
    func aURLThatIsNotSMTPHostPortIsRefused(url: String, reason: String) {
        #expect(throws: SMTPPlan.Refusal(reason: reason)) { try Self.plan(url) }
    }

    @Test func aPasswordWithoutAUsernameIsRefused() {
        #expect(throws: SMTPPlan.Refusal(reason: "a password is set but no username")) {
            try Self.plan("smtps://mail.example.org", username: nil, password: "s3cret-pass")
        }
        #expect((try? Self.plan("smtps://mail.example.org", username: "", password: nil))?.username == nil)
    }

    @Test func theDelivererRefusesBeforeConnectingAndKeepsThePasswordOut() {
        // Refused by the plan, which comes before any handle exists: nothing connects to 192.0.2.1.
        let outcome = Deliverer(timeout: 1).deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(
                EmailTarget(
                    smtpURL: "smtp://vigie:s3cret-pass@192.0.2.1", from: "vigie@example.org", to: ["ops@example.org"],
                    username: "vigie", password: "s3cret-pass")), now: Sample.now)
        #expect(
            outcome == .permanent("the SMTP URL carries credentials: give them as the sink's username and password"))
        #expect(!outcome.text.contains("s3cret-pass"))
    }
}
