import VigieJSON

/// The body of a Slack or Mattermost incoming-webhook POST for one alert: `{"text": "..."}`.
///
/// Three lines: `[LEVEL] <link|title>` (the title, else the link, else the alert id; `(coverage of story S)` after it
/// when the item joined a story), `watches: a, b · <feed title or feed URL>`, and the snippet cut to about 300
/// characters. `&`, `<` and `>` in the alert's text are escaped as Slack's markup asks.
enum SlackMessage {
    /// The longest snippet quoted, in characters.
    static let snippetLimit = 300
    /// The longest title or feed name shown, in characters (on one line: line breaks become spaces).
    static let titleLimit = 200

    /// The JSON body for `summary`, the alert with id `alertID`.
    static func body(for summary: AlertSummary, alertID: String) -> String {
        JSONValue.object([("text", .string(text(for: summary, alertID: alertID)))]).serialized
    }

    /// The message text for `summary`.
    static func text(for summary: AlertSummary, alertID: String) -> String {
        let label = escape((summary.title ?? summary.link ?? summary.alertID ?? alertID).snippet(limit: titleLimit))
        var first = "[\(summary.level.uppercased())] "
        if let link = summary.link {
            let target = escape(link).replacing("|", with: "%7C")
            first += summary.title == nil ? "<\(target)>" : "<\(target)|\(label)>"
        } else {
            first += label
        }
        if summary.isCoverage, let story = summary.story { first += " (coverage of story \(escape(story)))" }
        var lines = [first]
        var second = "watches: " + escape(summary.watches.joined(separator: ", "))
        if let feed = summary.feedTitle ?? summary.feed { second += " · " + escape(feed.snippet(limit: titleLimit)) }
        lines.append(second)
        let snippet = summary.snippet.snippet(limit: snippetLimit)
        if !snippet.isEmpty { lines.append(escape(snippet)) }
        return lines.joined(separator: "\n")
    }

    /// `text` with Slack's three control characters escaped.
    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
