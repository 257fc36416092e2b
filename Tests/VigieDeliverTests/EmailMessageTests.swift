import Foundation
import Testing

@testable import VigieDeliver

/// The message as bytes: encodings, header fields, addresses, subjects and the digest's grouping, without a server.
@Suite struct EmailMessageTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("a=b", "a=3Db"),
        ("trailing space ", "trailing space=20"),
        ("trailing tab\t", "trailing tab=09"),
        (".starts with a dot", "=2Estarts with a dot"),
        ("été", "=C3=A9t=C3=A9"),
        ("two\nlines", "two\r\nlines"),
        ("crlf\r\nkept", "crlf\r\nkept"),
        ("", ""),
    ])
    func quotedPrintableEscapesWhatItMust(text: String, encoded: String) {
        #expect(MIMEEncoding.quotedPrintable(text) == encoded)
    }

    @Test(arguments: [
        String(repeating: "a", count: 200),
        String(repeating: "é", count: 100),
        String(repeating: "word ", count: 60),
        String(repeating: "x", count: 75) + "=",
        String(repeating: "x", count: 74) + ".\n." + String(repeating: "y", count: 80) + " ",
        "Élection à Zürich — 選挙 🗳️ " + String(repeating: "🗳️", count: 40),
    ])
    func quotedPrintableLinesStayUnder77AndDecodeBack(text: String) throws {
        let encoded = MIMEEncoding.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.allSatisfy { !$0.hasPrefix(".") })
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") && !$0.hasSuffix("\t") })
        #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
        let decoded = try ReceivedMail.decodeQuotedPrintable(encoded)
        #expect(String(decoding: decoded, as: UTF8.self) == text)
    }

    @Test(arguments: [
        "Élection à Zürich",
        String(repeating: "日本語のテキスト", count: 12),
        String(repeating: "🗳️👩‍👩‍👧", count: 20),
        "ASCII with =? inside",
    ])
    func encodedWordsAreShortWholeAndDecodeBack(text: String) {
        let words = MIMEEncoding.encodedWords(text)
        #expect(words.allSatisfy { $0.utf8.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        // Each word holds whole scalars: each decodes as UTF-8 on its own.
        let pieces = words.map { word in
            Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).flatMap { String(data: $0, encoding: .utf8) }
        }
        #expect(!pieces.contains(nil))
        #expect(pieces.compactMap { $0 }.joined() == text)
        #expect(ReceivedMail.decodeWords(words.joined(separator: " ")) == text)
    }

    @Test(arguments: [
        ("Short and plain", false),
        ("Accentué", true),
        ("Looks like =?UTF-8?B?xx?= a word", true),
        ("A " + String(repeating: "x", count: 61) + " word too long to fold", true),
        ("Line\nbreak and\ttab", false),
    ])
    func aSubjectIsEncodedOnlyWhenItMustBe(subject: String, encoded: Bool) {
        let field = MIMEEncoding.field("Subject", MIMEEncoding.unstructured(subject))
        #expect(field.contains("=?UTF-8?B?") == encoded)
        #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(!field.replacing("\r\n ", with: " ").contains("\n"))
        let value = ReceivedMail.decodeWords(String(field.replacing("\r\n ", with: " ").dropFirst("Subject: ".count)))
        #expect(value == subject.snippet(limit: Int.max))
    }

    @Test func aLongRecipientListIsFoldedBetweenAddresses() {
        let to = (1...12).compactMap { MailAddress("Reader Number \($0) <reader\($0)@example.org>") }
        let message = EmailMessage(
            from: MailAddress("vigie@example.org")!, to: to, subject: "s", id: "a-1", date: Sample.now,
            extraFields: [], text: "t", html: "h")
        let head = message.rendered.components(separatedBy: "\r\n\r\n")[0]
        let fields = ReceivedMail.fields(head)
        let raw = head.components(separatedBy: "\r\n")
        #expect(raw.allSatisfy { $0.utf8.count <= 78 })
        #expect(
            fields.first { $0.name == "To" }?.value
                == (1...12).map { "Reader Number \($0) <reader\($0)@example.org>" }.joined(separator: ", "))
    }

    @Test(arguments: [
        ("vigie@example.org", nil, "vigie@example.org", "vigie@example.org"),
        ("  Vigie <vigie@example.org> ", "Vigie", "vigie@example.org", "Vigie <vigie@example.org>"),
        (#""Veille, Vigie" <v@example.org>"#, "Veille, Vigie", "v@example.org", #""Veille, Vigie" <v@example.org>"#),
        ("<v@example.org>", nil, "v@example.org", "v@example.org"),
        ("Équipe <v@example.org>", "Équipe", "v@example.org", "=?UTF-8?B?w4lxdWlwZQ==?= <v@example.org>"),
    ])
    func addressesAreReadAndWritten(text: String, name: String?, address: String, header: String) throws {
        let parsed = try #require(MailAddress(text))
        #expect(parsed.name == name)
        #expect(parsed.address == address)
        #expect(parsed.headerWords.joined(separator: " ") == header)
    }

    @Test(arguments: [
        "", "plain", "@example.org", "v@", "a b@example.org", "v@example.org>", "Name <a@b@c>", "ü@x.org",
    ])
    func aStringThatIsNotAnAddressIsRejected(text: String) {
        #expect(MailAddress(text) == nil)
    }

    @Test func theDateIsRFC5322InUTC() {
        #expect(MIMEEncoding.date(Sample.now) == "Sun, 01 Mar 2026 10:00:00 +0000")
        #expect(MIMEEncoding.date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMEEncoding.date(Date(timeIntervalSince1970: 1_796_685_659.9)) == "Mon, 07 Dec 2026 23:20:59 +0000")
    }

    @Test(arguments: [
        ("a-7f3c", "<a-7f3c@vigie>"),
        ("d-2026-12-07T08", "<d-2026-12-07T08@vigie>"),
        ("a b@c.d%", "<a%20b%40c%2Ed%25@vigie>"),
        ("é", "<%C3%A9@vigie>"),
    ])
    func theMessageIDIsAValidDotAtomOfTheID(id: String, messageID: String) {
        #expect(MIMEEncoding.messageID(id) == messageID)
    }

    @Test(arguments: [
        (Sample.line(level: "alert", title: "T", link: "https://x.example/1"), "[ALERT] T"),
        (Sample.line(level: "info", title: "T", kind: "coverage"), "[INFO] (coverage) T"),
        (Sample.line(level: "warning", link: "https://x.example/1"), "[WARNING] https://x.example/1"),
        (Sample.line(level: "notice"), "[NOTICE] a-1"),
    ])
    func theSubjectIsTheLevelAndTheTitleOrLinkOrID(line: String, subject: String) throws {
        let summary = try #require(AlertSummary(line: line))
        #expect(AlertEmail.subject(for: summary, alertID: "a-1") == subject)
    }

    @Test func onlyWebLinksAreMadeClickable() throws {
        let summary = try #require(
            AlertSummary(line: Sample.line(title: "<b>T</b>", link: "javascript:alert(1)", snippet: "a & b")))
        let html = AlertEmail.html(for: summary, published: "2026-03-01T09:00:00Z", alertID: "a-1", subject: "s")
        #expect(!html.contains("href"))
        #expect(html.contains("&lt;b&gt;T&lt;/b&gt;"))
        #expect(html.contains("a &amp; b"))
        #expect(html.contains("Published: 2026-03-01T09:00:00Z"))
    }

    @Test func theSameMessageIsTheSameBytesAndTheBoundaryIsNotInTheBody() throws {
        let summary = try #require(AlertSummary(line: Sample.line))
        func make() -> EmailMessage {
            AlertEmail.message(
                for: summary, published: nil, alertID: Sample.alertID, from: MailAddress("v@example.org")!,
                to: [MailAddress("o@example.org")!], now: Sample.now)
        }
        #expect(make().bytes == make().bytes)
        let boundary = MIMEEncoding.boundary(for: Sample.alertID)
        #expect(boundary.hasPrefix("=_vigie_") && boundary.utf8.count == 40)
        let text = make().rendered
        // Once in Content-Type, and three delimiter lines.
        #expect(text.components(separatedBy: boundary).count - 1 == 4)
    }

    @Test func theDigestGroupsStoriesByWatchInOrderOfAppearance() throws {
        let summaries = try DigestDeliveryTests.lines.map { try #require(AlertSummary(line: $0)) }
        let digest = DigestEmail(summaries: summaries)
        #expect(digest.sections.map(\.watch) == ["ai", "energy"])
        #expect(digest.sections[0].entries.map(\.title) == ["Alliance launched", "Chips & dips"])
        #expect(digest.sections[0].entries.map(\.outlets) == [["Example News", "Other Outlet"], ["Chip Times"]])
        #expect(digest.sections[1].entries.map(\.title) == ["Grid fails in the north"])
        #expect(digest.storyCount == 3)
        #expect(DigestEmail(summaries: Array(summaries.prefix(1))).subject(period: "p") == "Vigie digest: 1 story (p)")
    }

    @Test func aStoryWithoutItsOpenerShowsItsFirstLine() throws {
        let lines = [
            Sample.line(title: "Second outlet", kind: "coverage", story: "s-9", feedTitle: "B"),
            Sample.line(title: "Third outlet", kind: "coverage", story: "s-9", feedTitle: "C"),
            Sample.line(title: "No story key"),
        ]
        var summaries = try lines.map { try #require(AlertSummary(line: $0)) }
        summaries[2].story = nil
        let digest = DigestEmail(summaries: summaries)
        #expect(digest.sections.count == 1)
        #expect(digest.sections[0].entries.map(\.title) == ["Second outlet", "No story key"])
        #expect(digest.sections[0].entries[0].outlets == ["B", "C"])
    }
}
