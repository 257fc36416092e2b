import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

@Suite struct SlackMessageTests {
    @Test func postsValidJSONWithTheTitleLinkWatchesFeedAndSnippet() throws {
        let receiver = try SinkReceiver()
        let outcome = Deliverer(timeout: 10).deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .webhook(url: receiver.url("/hooks/T0/B0/x"), secret: nil, headers: [], format: .slack),
            now: Sample.now)
        #expect(outcome == .delivered("HTTP 200"))
        let request = try #require(try receiver.requests().first)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["webhook-id"] == Sample.alertID)
        let object = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
        let text = try #require(object?["text"] as? String)
        #expect(object?.count == 1)
        #expect(
            text.split(separator: "\n", omittingEmptySubsequences: false) == [
                "[ALERT] <https://news.example.org/ai?x=1&amp;y=2|IBM &amp; Meta launch the \"AI Alliance\" &lt;today&gt;>",
                "watches: ai-alliance, members · Example News",
                "IBM and Meta launched the AI Alliance with more than fifty founding members.",
            ])
    }

    @Test func withoutALinkTheTitleIsPlainAndWithoutEitherTheAlertIDStands() throws {
        let titled = try #require(AlertSummary(line: Sample.line(title: "Quarterly | results", feedTitle: "Desk")))
        #expect(SlackMessage.text(for: titled, alertID: "a-1") == "[WARNING] Quarterly | results\nwatches: w · Desk")
        let linkOnly = try #require(AlertSummary(line: Sample.line(level: "info", link: "https://ex.example/a|b")))
        #expect(
            SlackMessage.text(for: linkOnly, alertID: "a-1")
                == "[INFO] <https://ex.example/a%7Cb>\nwatches: w · https://feeds.example/rss")
        let bare = try #require(AlertSummary(line: Sample.line(level: "notice")))
        #expect(SlackMessage.text(for: bare, alertID: "a-1").hasPrefix("[NOTICE] a-1\n"))
    }

    @Test func aCoverageItemSaysWhichStoryItCovers() throws {
        let summary = try #require(
            AlertSummary(
                line: Sample.line(title: "Follow-up", link: "https://ex.example/2", kind: "coverage", story: "s-9")))
        let first = SlackMessage.text(for: summary, alertID: "a-1").split(separator: "\n")[0]
        #expect(first == "[WARNING] <https://ex.example/2|Follow-up> (coverage of story s-9)")
    }

    @Test func theSnippetIsCutToAboutThreeHundredCharactersOnOneLine() throws {
        let snippet = "line one\nline two " + String(repeating: "word ", count: 200)
        let summary = try #require(AlertSummary(line: Sample.line(snippet: snippet)))
        let lines = SlackMessage.text(for: summary, alertID: "a-1").split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].hasPrefix("line one line two word"))
        #expect(lines[2].count <= SlackMessage.snippetLimit + 1)
        #expect(lines[2].hasSuffix("…"))
    }

    @Test func aLineThatIsNotJSONIsPermanent() {
        let outcome = Deliverer().deliver(
            line: "not json", alertID: "a-1",
            to: .webhook(url: "http://127.0.0.1:\(Sample.closedPort())/", secret: nil, headers: [], format: .slack),
            now: Sample.now)
        #expect(outcome == .permanent("the alert line is not a JSON object"))
    }
}
