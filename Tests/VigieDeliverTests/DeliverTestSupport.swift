import Foundation
import Glibc
import VigieDeliver

/// Alert lines and helpers the delivery suites share.
enum Sample {
    /// The Standard Webhooks specification's test vector.
    static let vectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// An instant with a whole number of seconds: 2026-03-01T10:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_772_359_200)

    /// An alert line as the alert log has it, with text that needs escaping in JSON and in Slack's markup.
    static let line =
        #"{"time":"2026-03-01T10:00:00Z","alert_id":"a-7f3c","watch":"ai-alliance","level":"alert","#
        + #""watches":["ai-alliance","members"],"story":"s-42","kind":"story","story_alert_id":"a-7f3c","#
        + #""title":"IBM & Meta launch the \"AI Alliance\" <today>","link":"https://news.example.org/ai?x=1&y=2","#
        + #""id":"guid-1","key":"k-1","published":null,"feed":"https://news.example.org/feed.xml","#
        + #""feed_title":"Example News","entities":["IBM","Meta"],"terms":["ai alliance"],"fields":["title"],"#
        + #""snippet":"IBM and Meta launched the AI Alliance with more than fifty founding members.","score":12}"#

    /// The alert id of ``line``.
    static let alertID = "a-7f3c"

    /// An alert line with the given fields; `title` and `link` `nil` are JSON `null`.
    static func line(
        level: String = "warning", watches: [String] = ["w"], title: String? = nil, link: String? = nil,
        kind: String = "story", story: String = "s-1", feedTitle: String? = nil, snippet: String = ""
    ) -> String {
        func json(_ value: Any) -> String {
            let data = try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            return String(decoding: data, as: UTF8.self)
        }
        let null = "null"
        return "{\"alert_id\":\"a-1\",\"watch\":\(json(watches[0])),\"level\":\(json(level)),"
            + "\"watches\":\(json(watches)),\"story\":\(json(story)),\"kind\":\(json(kind)),"
            + "\"title\":\(title.map(json) ?? null),\"link\":\(link.map(json) ?? null),"
            + "\"feed\":\"https://feeds.example/rss\",\"feed_title\":\(feedTitle.map(json) ?? null),"
            + "\"snippet\":\(json(snippet)),\"score\":1}"
    }

    /// A loopback port nobody listens on (bound, read, closed).
    static func closedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length)
                return getsockname(descriptor, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A new empty directory under the temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-deliver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether process `pid` still runs (a zombie does not).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Whether `pid` stops running within `seconds`.
    static func stops(_ pid: pid_t, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !isRunning(pid) { return true }
            usleep(20_000)
        }
        return !isRunning(pid)
    }
}

extension DeliveryOutcome {
    /// The description or reason, whatever the case.
    var text: String {
        switch self {
        case .delivered(let text), .permanent(let text), .disable(let text): return text
        case .retry(_, let reason): return reason
        }
    }

    /// Whether this is a retry.
    var isRetry: Bool {
        if case .retry = self { return true }
        return false
    }
}
