import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

/// Many alerts, one message: stories grouped by watch, outlets joined, a Message-ID that does not change.
@Suite struct DigestDeliveryTests {
    let deliverer = Deliverer(timeout: 10)

    /// Two watches; story s-1 opened by one outlet and covered by another (and again by the first); story s-3 a
    /// coverage line whose opener is not in the digest; story s-2 in the other watch.
    static let lines = [
        Sample.line(
            level: "alert", watches: ["ai"], title: "Alliance launched", link: "https://one.example/a", story: "s-1",
            feedTitle: "Example News", snippet: "IBM and Meta launched the alliance."),
        Sample.line(
            level: "warning", watches: ["energy", "ai"], title: "Grid fails in the north",
            link: "https://power.example/grid", story: "s-2", feedTitle: "Power Daily", snippet: "Blackout <again>."),
        Sample.line(
            level: "alert", watches: ["ai"], title: "Alliance: the other take", link: "https://two.example/b",
            kind: "coverage", story: "s-1", feedTitle: "Other Outlet", snippet: "A second look."),
        Sample.line(
            level: "notice", watches: ["ai"], title: "Chips & dips", link: "https://chips.example/c", kind: "coverage",
            story: "s-3", feedTitle: "Chip Times", snippet: "Chip makers react."),
        Sample.line(
            level: "alert", watches: ["ai"], title: "Alliance, again", link: "https://one.example/c", kind: "coverage",
            story: "s-1", feedTitle: "Example News", snippet: "More."),
    ]

    static func target(_ url: String) -> EmailTarget {
        EmailTarget(smtpURL: url, from: "Vigie <vigie@example.org>", to: ["ops@example.org"])
    }

    /// Where each of `needles` is in `text`, failing when one is missing.
    static func positions(of needles: [String], in text: String) -> [Int] {
        needles.map { needle in
            guard let range = text.range(of: needle) else {
                Issue.record("missing: \(needle)")
                return -1
            }
            return text.distance(from: text.startIndex, to: range.lowerBound)
        }
    }

    @Test func storiesAreGroupedByWatchWithTheirOutletsJoined() throws {
        let receiver = try SMTPReceiver()
        let outcome = deliverer.deliverDigest(
            lines: Self.lines, digestID: "d-2026-12-07T08", period: "2026-12-07 08:00–09:00",
            to: Self.target(receiver.url), now: Sample.now)
        #expect(outcome == .delivered("SMTP 250"))
        let messages = try receiver.messages()
        try #require(messages.count == 1)
        let mail = try ReceivedMail(messages[0].data)
        #expect(mail.header("Subject") == "Vigie digest: 3 stories (2026-12-07 08:00–09:00)")
        #expect(messages[0].parsed.subject == "Vigie digest: 3 stories (2026-12-07 08:00–09:00)")
        #expect(mail.header("Message-ID") == "<d-2026-12-07T08@vigie>")
        #expect(mail.header("X-Vigie-Digest-Id") == "d-2026-12-07T08")
        #expect(mail.header("X-Vigie-Alert-Id") == nil)
        #expect(messages[0].parsed.defects == [])

        let text = try #require(mail.content(of: "text/plain"))
        let order = Self.positions(
            of: [
                "== ai ==", "* [ALERT] Alliance launched", "  https://one.example/a",
                "  Outlets: Example News, Other Outlet", "  IBM and Meta launched the alliance.",
                "* [NOTICE] Chips & dips", "  Outlets: Chip Times", "== energy ==",
                "* [WARNING] Grid fails in the north",
                "  Outlets: Power Daily", "  Blackout <again>.",
            ], in: text)
        #expect(order == order.sorted() && !order.contains(-1))
        // One entry per story: the coverage lines of s-1 add an outlet, not an entry.
        #expect(!text.contains("the other take"))
        #expect(!text.contains("Alliance, again"))
        #expect(text.components(separatedBy: "\n* ").count - 1 == 3)

        let html = try #require(mail.content(of: "text/html"))
        let htmlOrder = Self.positions(
            of: [
                "<h2>ai</h2>", #"<a href="https://one.example/a">Alliance launched</a>"#,
                "Outlets: Example News, Other Outlet", "Chips &amp; dips", "<h2>energy</h2>", "Grid fails in the north",
                "Blackout &lt;again&gt;.",
            ], in: html)
        #expect(htmlOrder == htmlOrder.sorted() && !htmlOrder.contains(-1))
        #expect(html.components(separatedBy: "<li>").count - 1 == 3)
    }

    @Test func theMessageIDIsTheSameOnEverySend() throws {
        let receiver = try SMTPReceiver(answers: ["451", "250"])
        let target = Self.target(receiver.url)
        let first = deliverer.deliverDigest(
            lines: Self.lines, digestID: "d-7", period: "2026-12-07", to: target, now: Sample.now)
        #expect(first.isRetry)
        let second = deliverer.deliverDigest(
            lines: Self.lines, digestID: "d-7", period: "2026-12-07", to: target, now: Sample.now.addingTimeInterval(60)
        )
        #expect(second == .delivered("SMTP 250"))
        let third = deliverer.deliverDigest(
            lines: Self.lines, digestID: "d-7", period: "2026-12-07", to: target, now: Sample.now)
        #expect(third == .delivered("SMTP 250"))
        let messages = try receiver.messages()
        #expect(messages.map(\.parsed.messageID) == ["<d-7@vigie>", "<d-7@vigie>", "<d-7@vigie>"])
        #expect(messages.map(\.parsed.subject) == Array(repeating: "Vigie digest: 3 stories (2026-12-07)", count: 3))
        // Dated the same, the message is byte for byte the same.
        #expect(messages.count == 3 && messages[0].data == messages[2].data)
    }

    @Test func anEmptyDigestIsPermanentAndSendsNothing() throws {
        let receiver = try SMTPReceiver()
        let target = Self.target(receiver.url)
        #expect(
            deliverer.deliverDigest(lines: [], digestID: "d-1", period: "p", to: target, now: Sample.now)
                == .permanent("nothing to send"))
        #expect(
            deliverer.deliverDigest(lines: ["not json"], digestID: "d-1", period: "p", to: target, now: Sample.now)
                == .permanent("no line of the digest is a JSON object"))
        #expect(try receiver.messages().isEmpty)
    }

    @Test func aDigestSentWithAWrongPasswordNeverQuotesIt() throws {
        let receiver = try SMTPReceiver(user: "vigie", password: "c0rrect-h0rse")
        var target = Self.target(receiver.url)
        target.username = "vigie"
        target.password = "Wr0ng-Passw0rd"
        let outcome = deliverer.deliverDigest(
            lines: Self.lines, digestID: "d-1", period: "p", to: target, now: Sample.now)
        #expect(outcome.text.hasPrefix("login denied"))
        #expect(!outcome.text.contains("Wr0ng-Passw0rd"))
    }
}
