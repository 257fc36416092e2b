import Foundation

/// The e-mail for one alert: subject `[LEVEL] <title>` (`[LEVEL] (coverage) <title>` when the item joined a story),
/// and a body with the title, the link, the watches, the outlet, the publication date and the snippet.
///
/// The title is the item's title, else its link, else the alert id. The HTML version makes the title a link (only
/// for an http or https link) and escapes all of the alert's text.
enum AlertEmail {
    /// The longest title shown, in characters.
    static let titleLimit = 200
    /// The longest snippet quoted, in characters.
    static let snippetLimit = 1000

    /// The message for `summary`, the alert `alertID` (its `published`, if any, read from the line apart).
    static func message(
        for summary: AlertSummary, published: String?, alertID: String, from: MailAddress, to: [MailAddress],
        now: Date
    ) -> EmailMessage {
        let subject = subject(for: summary, alertID: alertID)
        return EmailMessage(
            from: from, to: to, subject: subject, id: alertID, date: now,
            extraFields: [HeaderField(name: "X-Vigie-Alert-Id", value: MIMEEncoding.idToken(alertID))],
            text: text(for: summary, published: published, alertID: alertID),
            html: html(for: summary, published: published, alertID: alertID, subject: subject))
    }

    /// `published` of the alert line `line`: the item's date as the alert log wrote it (RFC 3339), if any.
    static func published(in line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let value = object["published"] as? String
        else { return nil }
        let trimmed = value.snippet(limit: 100)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `[LEVEL] title` or `[LEVEL] (coverage) title`.
    static func subject(for summary: AlertSummary, alertID: String) -> String {
        "[\(summary.level.uppercased())] " + (summary.isCoverage ? "(coverage) " : "")
            + title(of: summary, alertID: alertID)
    }

    /// The title shown: the item's title, else its link, else the alert id, on one line.
    static func title(of summary: AlertSummary, alertID: String) -> String {
        (summary.title ?? summary.link ?? summary.alertID ?? alertID).snippet(limit: titleLimit)
    }

    /// The lines under the title: the watches, the outlet, the publication date, the story joined.
    private static func details(of summary: AlertSummary, published: String?) -> [String] {
        var lines = ["Watches: " + summary.watches.joined(separator: ", ").snippet(limit: titleLimit)]
        if let outlet = summary.feedTitle ?? summary.feed {
            lines.append("Outlet: " + outlet.snippet(limit: titleLimit))
        }
        if let published { lines.append("Published: " + published) }
        if summary.isCoverage, let story = summary.story {
            lines.append("Coverage of story " + story.snippet(limit: titleLimit))
        }
        return lines
    }

    /// The plain-text body.
    static func text(for summary: AlertSummary, published: String?, alertID: String) -> String {
        var lines = [subject(for: summary, alertID: alertID)]
        if let link = summary.link { lines.append(link.snippet(limit: 2000)) }
        lines.append("")
        lines += details(of: summary, published: published)
        let snippet = summary.snippet.snippet(limit: snippetLimit)
        if !snippet.isEmpty { lines += ["", snippet] }
        lines += ["", "-- ", "Vigie alert " + alertID.snippet(limit: titleLimit)]
        return lines.joined(separator: "\n")
    }

    /// The HTML body.
    static func html(for summary: AlertSummary, published: String?, alertID: String, subject: String) -> String {
        let prefix = "[\(summary.level.uppercased())]" + (summary.isCoverage ? " (coverage)" : "")
        let heading = linked(title(of: summary, alertID: alertID), summary.link)
        var lines = [
            "<!DOCTYPE html>", "<html>", "<head>", "<meta charset=\"utf-8\">",
            "<title>\(subject.htmlEscaped)</title>", "</head>", "<body>",
            "<p><strong>\(prefix.htmlEscaped)</strong> \(heading)</p>",
        ]
        if let link = summary.link?.snippet(limit: 2000) { lines.append("<p>\(linked(link, link))</p>") }
        lines.append(
            "<p>" + details(of: summary, published: published).map(\.htmlEscaped).joined(separator: "<br>\n") + "</p>")
        let snippet = summary.snippet.snippet(limit: snippetLimit)
        if !snippet.isEmpty { lines.append("<blockquote>\(snippet.htmlEscaped)</blockquote>") }
        lines += [
            "<p style=\"color:#666;font-size:small\">Vigie alert \(alertID.snippet(limit: titleLimit).htmlEscaped)</p>",
            "</body>", "</html>",
        ]
        return lines.joined(separator: "\n")
    }

    /// `text` escaped, inside `<a href>` when `link` is an http or https URL.
    static func linked(_ text: String, _ link: String?) -> String {
        guard let link, link.isWebLink else { return text.htmlEscaped }
        return "<a href=\"\(link.htmlEscaped)\">\(text.htmlEscaped)</a>"
    }
}
