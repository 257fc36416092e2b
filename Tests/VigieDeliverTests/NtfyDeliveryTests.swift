import Foundation
import Testing
import VigieTestSupport

@testable import VigieDeliver

@Suite struct NtfyDeliveryTests {
    @Test func postsJSONToTheServerRootWithTopicPriorityTagsClickAndTheToken() throws {
        let receiver = try SinkReceiver()
        let outcome = Deliverer(timeout: 10).deliver(
            line: Sample.line, alertID: Sample.alertID,
            to: .ntfy(url: receiver.url("/ntfy/vigie-alerts"), token: "tk_abcdef123456"), now: Sample.now)
        #expect(outcome == .delivered("HTTP 200"))
        let request = try #require(try receiver.requests().first)
        #expect(request.method == "POST")
        #expect(request.path == "/ntfy/")
        #expect(request.headers["authorization"] == "Bearer tk_abcdef123456")
        #expect(request.headers["content-type"] == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(object["topic"] as? String == "vigie-alerts")
        #expect(object["title"] as? String == #"IBM & Meta launch the "AI Alliance" <today>"#)
        #expect(
            object["message"] as? String
                == "IBM and Meta launched the AI Alliance with more than fifty founding members.")
        #expect(object["priority"] as? Int == 5)
        #expect(object["tags"] as? [String] == ["ai-alliance", "members"])
        #expect(object["click"] as? String == "https://news.example.org/ai?x=1&y=2")
    }

    @Test func withoutATokenNoAuthorizationIsSent() throws {
        let receiver = try SinkReceiver()
        let outcome = Deliverer(timeout: 10).deliver(
            line: Sample.line, alertID: Sample.alertID, to: .ntfy(url: receiver.url("/alerts"), token: nil),
            now: Sample.now)
        #expect(outcome == .delivered("HTTP 200"))
        let request = try #require(try receiver.requests().first)
        #expect(request.path == "/")
        #expect(request.headers["authorization"] == nil)
    }

    @Test(arguments: [("alert", 5), ("warning", 4), ("notice", 3), ("info", 2), ("unknown", 3)])
    func thePriorityFollowsTheLevel(level: String, priority: Int) throws {
        let summary = try #require(AlertSummary(line: Sample.line(level: level, title: "T")))
        let message = try #require(NtfyMessage(url: "https://ntfy.example/t", summary: summary, alertID: "a-1"))
        let object = try JSONSerialization.jsonObject(with: Data(message.body.utf8)) as? [String: Any]
        #expect(object?["priority"] as? Int == priority)
    }

    @Test func withoutTitleLinkOrSnippetTheWatchAndAlertIDStandIn() throws {
        let summary = try #require(AlertSummary(line: Sample.line(watches: ["energy", "grid"])))
        let message = try #require(NtfyMessage(url: "https://ntfy.example/t", summary: summary, alertID: "a-1"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(message.body.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "energy")
        #expect(object["message"] as? String == "a-1")
        #expect(object["click"] == nil)
        #expect(object["tags"] as? [String] == ["energy", "grid"])
    }

    @Test(arguments: [
        ("https://ntfy.sh/alerts", "https://ntfy.sh/", "alerts"),
        ("https://ntfy.sh/alerts/", "https://ntfy.sh/", "alerts"),
        ("http://127.0.0.1:8080/prefix/deeper/topic?x=1#f", "http://127.0.0.1:8080/prefix/deeper/", "topic"),
    ])
    func theTopicIsTheLastPathSegmentAndTheRestIsTheRoot(url: String, root: String, topic: String) throws {
        let split = try #require(NtfyMessage.split(url))
        #expect(split.root == root)
        #expect(split.topic == topic)
    }

    @Test(arguments: ["https://ntfy.sh", "https://ntfy.sh/", "ntfy.sh/alerts"])
    func aURLWithoutATopicIsPermanent(url: String) {
        #expect(NtfyMessage.split(url) == nil)
        let outcome = Deliverer().deliver(
            line: Sample.line, alertID: Sample.alertID, to: .ntfy(url: url, token: nil), now: Sample.now)
        #expect(outcome == .permanent("the ntfy URL names no topic (expected https://server/TOPIC)"))
    }
}
