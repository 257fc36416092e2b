import Foundation
import VigieJSON

/// The request that publishes one alert to an ntfy topic as JSON: the body goes to the server's root URL, not the
/// topic's (<https://docs.ntfy.sh/publish/#publish-as-json>).
struct NtfyMessage: Equatable {
    /// Where to POST: the configured URL without its last path segment (`https://ntfy.example/` for
    /// `https://ntfy.example/alerts`, `https://example.org/ntfy/` for `https://example.org/ntfy/alerts`).
    var rootURL: String
    /// The topic: the configured URL's last path segment.
    var topic: String
    /// The JSON object: `topic`, `title`, `message`, `priority`, `tags` and, when the item has a link, `click`.
    var body: String

    /// The longest message sent, in characters (ntfy turns a message over 4,096 bytes into an attachment).
    static let messageLimit = 1000

    /// The request for `summary` to the topic URL `url`, or `nil` when `url` names no topic (no path segment).
    ///
    /// `title` is the item's title, else the watch's name; `message` the snippet, else the title, else the link,
    /// else the alert id; `priority` follows the level (alert 5, warning 4, notice 3, info 2); `tags` are the
    /// watches that fired; `click` opens the item's link.
    init?(url: String, summary: AlertSummary, alertID: String) {
        guard let (root, topic) = Self.split(url) else { return nil }
        rootURL = root
        self.topic = topic
        let message = summary.snippet.isEmpty ? (summary.title ?? summary.link ?? alertID) : summary.snippet
        var members: [(String, JSONValue)] = [
            ("topic", .string(topic)),
            ("title", .string((summary.title ?? summary.watch).snippet(limit: 250))),
            ("message", .string(message.snippet(limit: Self.messageLimit))),
            ("priority", .int(summary.priority)),
            ("tags", .array(summary.watches.map(JSONValue.string))),
        ]
        if let link = summary.link { members.append(("click", .string(link))) }
        body = JSONValue.object(members).serialized
    }

    /// The root URL (ending in `/`) and the topic of a topic URL; the query and fragment, if any, are dropped.
    static func split(_ url: String) -> (root: String, topic: String)? {
        var text = Substring(url.trimmingCharacters(in: .whitespaces))
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        guard let schemeEnd = text.firstRange(of: "://") else { return nil }
        let authorityStart = schemeEnd.upperBound
        guard let pathStart = text[authorityStart...].firstIndex(of: "/") else { return nil }
        while text.count > 0, text.last == "/", text.endIndex > text.index(after: pathStart) { text.removeLast() }
        guard let lastSlash = text[pathStart...].lastIndex(of: "/") else { return nil }
        let topic = text[text.index(after: lastSlash)...]
        guard !topic.isEmpty else { return nil }
        return (String(text[...lastSlash]), String(topic))
    }
}
