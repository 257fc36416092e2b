import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

/// One alert, one message, through a real SMTP conversation with the loopback receiver.
@Suite struct EmailDeliveryTests {
    let deliverer = Deliverer(timeout: 10)

    static let from = "Vigie <vigie@example.org>"
    static let recipients = ["ops@example.org", "Desk Team <desk@example.org>"]

    static func target(
        _ url: String, to: [String] = recipients, username: String? = nil, password: String? = nil
    ) -> SinkTarget {
        .email(EmailTarget(smtpURL: url, from: from, to: to, username: username, password: password))
    }

    /// The one message the receiver got, read back; fails the test when there is not exactly one.
    static func onlyMessage(_ receiver: SMTPReceiver) throws -> (SMTPReceiver.Message, ReceivedMail) {
        let messages = try receiver.messages()
        try #require(messages.count == 1)
        return (messages[0], try ReceivedMail(messages[0].data))
    }

    @Test func oneAlertIsOneMessageWithBothPartsAndAStableMessageID() throws {
        let receiver = try SMTPReceiver()
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let (message, mail) = try Self.onlyMessage(receiver)
        #expect(message.mailFrom == "vigie@example.org")
        #expect(message.rcptTo == ["ops@example.org", "desk@example.org"])

        let title = #"IBM & Meta launch the "AI Alliance" <today>"#
        #expect(mail.header("From") == "Vigie <vigie@example.org>")
        #expect(mail.header("To") == "ops@example.org, Desk Team <desk@example.org>")
        #expect(mail.header("Subject") == "[ALERT] " + title)
        #expect(mail.header("Date") == "Sun, 01 Mar 2026 10:00:00 +0000")
        #expect(mail.header("Message-ID") == "<a-7f3c@vigie>")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(mail.header("X-Vigie-Alert-Id") == "a-7f3c")
        #expect(
            mail.parts.map { $0.field("Content-Type") } == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])

        let text = try #require(mail.content(of: "text/plain"))
        for expected in [
            "[ALERT] " + title, "https://news.example.org/ai?x=1&y=2", "Watches: ai-alliance, members",
            "Outlet: Example News", "IBM and Meta launched the AI Alliance with more than fifty founding members.",
        ] {
            #expect(text.contains(expected), "text/plain lacks \(expected)")
        }
        let html = try #require(mail.content(of: "text/html"))
        #expect(
            html.contains(
                #"<a href="https://news.example.org/ai?x=1&amp;y=2">IBM &amp; Meta launch the &quot;AI Alliance&quot; "#
                    + "&lt;today&gt;</a>"))
        #expect(html.contains("IBM and Meta launched the AI Alliance"))
        #expect(!html.contains("<today>"))

        // Python's email package reads the same thing, and finds nothing wrong.
        #expect(message.parsed.error == nil)
        #expect(message.parsed.defects == [])
        #expect(message.parsed.subject == "[ALERT] " + title)
        #expect(message.parsed.messageID == "<a-7f3c@vigie>")
        #expect(message.parsed.contentType == "multipart/alternative")
        #expect(message.parsed.parts.map(\.contentType) == ["text/plain", "text/html"])
        #expect(message.parsed.parts.allSatisfy { $0.charset == "utf-8" })
        #expect(message.parsed.parts.first?.content.contains(title) == true)
    }

    @Test func theMessageIsSevenBitWithCRLFLinesUnder79Characters() throws {
        let receiver = try SMTPReceiver()
        let title = "Élection à Zürich : « résultats » 🗳️ " + String(repeating: "très long ", count: 30)
        let line = Sample.line(
            level: "notice", title: title,
            link: "https://example.org/é?q=" + String(repeating: "x", count: 300), feedTitle: "Le Monde — Europe",
            snippet: String(repeating: "Les électeurs ont voté. ", count: 60))
        let outcome = deliverer.deliver(line: line, alertID: "a-1", to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let (message, _) = try Self.onlyMessage(receiver)
        #expect(message.data.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(!message.data.replacing("\r\n", with: "").contains("\n"))
        #expect(!message.data.replacing("\r\n", with: "").contains("\r"))
        let longest = message.data.components(separatedBy: "\r\n").map(\.utf8.count).max() ?? 0
        #expect(longest <= 78)
        #expect(message.parsed.defects == [])
        #expect(message.parsed.parts.first?.content.contains("Les électeurs ont voté.") == true)
    }

    @Test func aSubjectThatIsNotASCIIIsEncodedAndDecodesBack() throws {
        let receiver = try SMTPReceiver()
        let title = "Élection à Zürich : « résultats » — 選挙 🗳️ and a long tail to force folding of the field"
        let line = Sample.line(level: "warning", title: title, kind: "coverage")
        let outcome = deliverer.deliver(line: line, alertID: "a-1", to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let (message, mail) = try Self.onlyMessage(receiver)
        let raw = try #require(message.data.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject:") })
        #expect(raw.hasPrefix("Subject: =?UTF-8?B?"))
        #expect(mail.header("Subject") == "[WARNING] (coverage) " + title)
        #expect(message.parsed.subject == "[WARNING] (coverage) " + title)
        #expect(message.parsed.defects == [])
    }

    @Test func aDeferredMessageIsRetriedAndTheRepeatIsTheSameMessage() throws {
        let receiver = try SMTPReceiver(answers: ["451", "250"])
        let target = Self.target(receiver.url)
        let first = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
        #expect(first == .retry(after: nil, reason: "SMTP 451: 4.3.0 Try again later"))
        let second = deliverer.deliver(line: Sample.line, alertID: Sample.alertID, to: target, now: Sample.now)
        #expect(second == .delivered("SMTP 250"))
        let messages = try receiver.messages()
        #expect(messages.map(\.status) == [451, 250])
        #expect(messages.map(\.parsed.messageID) == ["<a-7f3c@vigie>", "<a-7f3c@vigie>"])
        #expect(messages.count == 2 && messages[0].data == messages[1].data)
    }

    @Test(arguments: [
        ("550", DeliveryOutcome.permanent("SMTP 550: 5.7.1 Message refused")),
        ("554", .permanent("SMTP 554: 5.6.0 Transaction failed")),
        ("452", .retry(after: nil, reason: "SMTP 452: 4.3.1 Insufficient system storage")),
    ])
    func theAnswerToTheMessageIsClassified(answer: String, expected: DeliveryOutcome) throws {
        let receiver = try SMTPReceiver(answers: [answer])
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == expected)
    }

    @Test func aRejectedRecipientIsPermanentAndNothingIsSent() throws {
        let receiver = try SMTPReceiver(rejectRecipients: ["desk@example.org"])
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == .permanent("SMTP 550: 5.1.1 No such user here"))
        #expect(try receiver.messages().isEmpty)
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func theRightPasswordAuthenticates(mechanism: String) throws {
        let receiver = try SMTPReceiver(user: "vigie", password: "c0rrect-h0rse", mechanisms: [mechanism])
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: Self.target(receiver.url, username: "vigie", password: "c0rrect-h0rse"), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let (message, _) = try Self.onlyMessage(receiver)
        #expect(message.authUser == "vigie")
        #expect(try receiver.authAttempts() == [.init(mechanism: mechanism, user: "vigie", ok: true, tls: false)])
    }

    @Test func aWrongPasswordIsPermanentAndNeverInTheReason() throws {
        let password = "Wr0ng-Passw0rd"
        let receiver = try SMTPReceiver(user: "vigie", password: "c0rrect-h0rse")
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: Self.target(receiver.url, username: "vigie", password: password), now: Sample.now)
        guard case .permanent(let reason) = outcome else {
            Issue.record("expected permanent, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("login denied"))
        #expect(reason.contains("535"))
        for secret in [
            password, Data(password.utf8).base64EncodedString(),
            Data("\0vigie\0\(password)".utf8)
                .base64EncodedString(),
        ] {
            #expect(!reason.contains(secret))
        }
        #expect(try receiver.messages().isEmpty)
        #expect(try receiver.authAttempts().map(\.ok) == [false])
    }

    @Test func noServerIsARetry() throws {
        let outcome = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID, to: Self.target("smtp://127.0.0.1:\(Sample.closedPort())"),
            now: Sample.now)
        #expect(outcome.isRetry)
        #expect(outcome.text.hasPrefix("could not connect"))
    }

    @Test func aServerThatNeverGreetsTimesOutAsARetry() throws {
        let receiver = try SMTPReceiver(delay: 30)
        let started = ContinuousClock.now
        let outcome = Deliverer(timeout: 0.5).deliver(
            line: Sample.line, alertID: Sample.alertID, to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome.isRetry)
        #expect(outcome.text.hasPrefix("timed out"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test(arguments: ["", "smtp://127.0.0.1:1", "not an address", "a@b@c", "Name <>", "é@example.org"])
    func aBadSenderOrRecipientIsRefusedBeforeConnecting(address: String) throws {
        // A closed port: had the deliverer connected, the outcome would be "could not connect", not permanent.
        let url = "smtp://127.0.0.1:\(Sample.closedPort())"
        let badSender = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(EmailTarget(smtpURL: url, from: address, to: ["ops@example.org"])), now: Sample.now)
        #expect(badSender == .permanent("the sender \(address.debugDescription) is not an e-mail address"))
        let badRecipient = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(EmailTarget(smtpURL: url, from: "vigie@example.org", to: ["ops@example.org", address])),
            now: Sample.now)
        #expect(badRecipient == .permanent("the recipient \(address.debugDescription) is not an e-mail address"))
    }

    @Test func noRecipientOrABadLineIsPermanent() {
        let url = "smtp://127.0.0.1:\(Sample.closedPort())"
        let noRecipient = deliverer.deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .email(EmailTarget(smtpURL: url, from: "vigie@example.org", to: [])), now: Sample.now)
        #expect(noRecipient == .permanent("the e-mail sink has no recipient"))
        let badLine = deliverer.deliver(line: "[1]", alertID: "a-1", to: Self.target(url), now: Sample.now)
        #expect(badLine == .permanent("the alert line is not a JSON object"))
    }
}
