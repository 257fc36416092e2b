import Foundation

/// The e-mail that groups many alerts: one entry per story, the entries grouped by watch.
///
/// A story's entry shows the title and link of the line that opened it (its `kind` is `story`), else of its first
/// line; the outlets of all its lines (distinct `feed_title`, else `feed`, in order, joined with `, `); and the
/// snippet. It is filed under that line's `watch`. Watches come in the order their first story appears; stories
/// within a watch in the order of their first line. A line with no `story` is an entry of its own.
struct DigestEmail: Equatable {
    /// One story of the digest.
    struct Entry: Equatable {
        /// The watch it is filed under.
        var watch: String
        /// The level of the line shown.
        var level: String
        /// The title: the item's title, else its link, else its alert id.
        var title: String
        /// The item's link, if any.
        var link: String?
        /// The outlets that carried the story, distinct, in order.
        var outlets: [String]
        /// The text around the match.
        var snippet: String
    }

    /// The stories of one watch.
    struct Section: Equatable {
        /// The watch's name.
        var watch: String
        /// Its stories, in order.
        var entries: [Entry]
    }

    /// The watches, in order.
    var sections: [Section]

    /// How many stories the digest has.
    var storyCount: Int { sections.reduce(0) { $0 + $1.entries.count } }

    /// Groups `summaries` (oldest first).
    init(summaries: [AlertSummary]) {
        var keys: [String] = []
        var lines: [String: [AlertSummary]] = [:]
        for (index, summary) in summaries.enumerated() {
            // Two key spaces that cannot meet: a story id, or the position of a line without one.
            let key = summary.story.map { "s\u{0}" + $0 } ?? "l\u{0}\(index)"
            if lines[key] == nil { keys.append(key) }
            lines[key, default: []].append(summary)
        }
        var sections: [Section] = []
        for key in keys {
            let entry = Self.entry(for: lines[key] ?? [])
            if let index = sections.firstIndex(where: { $0.watch == entry.watch }) {
                sections[index].entries.append(entry)
            } else {
                sections.append(Section(watch: entry.watch, entries: [entry]))
            }
        }
        self.sections = sections
    }

    /// The entry for the lines of one story (at least one).
    private static func entry(for lines: [AlertSummary]) -> Entry {
        let shown = lines.first { $0.kind == "story" } ?? lines[0]
        var outlets: [String] = []
        for line in lines {
            guard let outlet = (line.feedTitle ?? line.feed)?.snippet(limit: AlertEmail.titleLimit) else { continue }
            if !outlets.contains(outlet) { outlets.append(outlet) }
        }
        let title = shown.title ?? lines.lazy.compactMap(\.title).first ?? shown.link ?? shown.alertID ?? "(untitled)"
        let snippet = shown.snippet.isEmpty ? (lines.first { !$0.snippet.isEmpty }?.snippet ?? "") : shown.snippet
        return Entry(
            watch: shown.watch.snippet(limit: AlertEmail.titleLimit), level: shown.level.uppercased(),
            title: title.snippet(limit: AlertEmail.titleLimit),
            link: (shown.link ?? lines.lazy.compactMap(\.link).first)?.snippet(limit: 2000), outlets: outlets,
            snippet: snippet.snippet(limit: AlertEmail.snippetLimit))
    }

    /// `Vigie digest: N stories (period)` (`1 story` for one).
    func subject(period: String) -> String {
        let count = storyCount == 1 ? "1 story" : "\(storyCount) stories"
        return "Vigie digest: \(count) (\(period.snippet(limit: 100)))"
    }

    /// The message, whose `Message-ID` is `<digestID@vigie>`.
    func message(digestID: String, period: String, from: MailAddress, to: [MailAddress], now: Date) -> EmailMessage {
        EmailMessage(
            from: from, to: to, subject: subject(period: period), id: digestID, date: now,
            extraFields: [HeaderField(name: "X-Vigie-Digest-Id", value: MIMEEncoding.idToken(digestID))],
            text: text(period: period, digestID: digestID), html: html(period: period, digestID: digestID))
    }

    /// The plain-text body: the subject, then per watch a `== watch ==` line and its entries.
    func text(period: String, digestID: String) -> String {
        var lines = [subject(period: period)]
        for section in sections {
            lines += ["", "== \(section.watch) =="]
            for entry in section.entries {
                lines += ["", "* [\(entry.level)] \(entry.title)"]
                if let link = entry.link { lines.append("  " + link) }
                if !entry.outlets.isEmpty { lines.append("  Outlets: " + entry.outlets.joined(separator: ", ")) }
                if !entry.snippet.isEmpty { lines.append("  " + entry.snippet) }
            }
        }
        lines += ["", "-- ", "Vigie digest " + digestID.snippet(limit: AlertEmail.titleLimit)]
        return lines.joined(separator: "\n")
    }

    /// The HTML body: the same content as ``text(period:digestID:)``, a heading and a list per watch.
    func html(period: String, digestID: String) -> String {
        let subject = subject(period: period).htmlEscaped
        var lines = [
            "<!DOCTYPE html>", "<html>", "<head>", "<meta charset=\"utf-8\">", "<title>\(subject)</title>", "</head>",
            "<body>", "<h1>\(subject)</h1>",
        ]
        for section in sections {
            lines += ["<h2>\(section.watch.htmlEscaped)</h2>", "<ul>"]
            for entry in section.entries {
                var item =
                    "<li><strong>[\(entry.level.htmlEscaped)]</strong> \(AlertEmail.linked(entry.title, entry.link))"
                if let link = entry.link { item += "<br>\n" + AlertEmail.linked(link, link) }
                if !entry.outlets.isEmpty {
                    item += "<br>\nOutlets: " + entry.outlets.joined(separator: ", ").htmlEscaped
                }
                if !entry.snippet.isEmpty { item += "\n<blockquote>\(entry.snippet.htmlEscaped)</blockquote>" }
                lines.append(item + "</li>")
            }
            lines.append("</ul>")
        }
        lines += [
            "<p style=\"color:#666;font-size:small\">Vigie digest "
                + "\(digestID.snippet(limit: AlertEmail.titleLimit).htmlEscaped)</p>",
            "</body>", "</html>",
        ]
        return lines.joined(separator: "\n")
    }
}
