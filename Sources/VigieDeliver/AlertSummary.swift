import Foundation

/// The fields of an alert line that chat and push messages show, read from the line's JSON.
///
/// Only what the messages need; a key that is missing or of another type reads as absent, so a line from a later
/// version of the alert log still makes a message.
struct AlertSummary: Equatable {
    /// `alert_id`.
    var alertID: String?
    /// `watch`: the strongest watch that fired.
    var watch: String
    /// `level`: `alert`, `warning`, `notice` or `info`.
    var level: String
    /// `watches`: every watch that fired, strongest first.
    var watches: [String]
    /// `story`: the story the item opened or joined.
    var story: String?
    /// `kind`: `story` (the item opened the story) or `coverage` (it joined one).
    var kind: String?
    /// `title`, when the item had one.
    var title: String?
    /// `link`, when the item had one.
    var link: String?
    /// `feed`: the feed's URL.
    var feed: String?
    /// `feed_title`, when the feed had one.
    var feedTitle: String?
    /// `snippet`: the text around the match.
    var snippet: String

    /// Reads `line`, or returns `nil` when it is not a JSON object.
    init?(line: String) {
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))
                as? [String: Any]
        else { return nil }
        func text(_ key: String) -> String? {
            guard let value = object[key] as? String else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        alertID = text("alert_id")
        watch = text("watch") ?? "vigie"
        level = text("level") ?? "alert"
        watches = (object["watches"] as? [Any] ?? []).compactMap { $0 as? String }
        if watches.isEmpty { watches = [watch] }
        story = text("story")
        kind = text("kind")
        title = text("title")
        link = text("link")
        feed = text("feed")
        feedTitle = text("feed_title")
        snippet = text("snippet") ?? ""
    }

    /// Whether the item joined a story another item opened.
    var isCoverage: Bool { kind == "coverage" }

    /// ntfy's priority for the level: alert 5 (max), warning 4, notice 3 (default), info 2.
    var priority: Int {
        switch level {
        case "alert": return 5
        case "warning": return 4
        case "info": return 2
        default: return 3
        }
    }
}
