import Foundation
import VigieFeeds

/// The readable form of a parsed feed that `vigie parse` prints by default.
struct FeedSummary {
    /// The feed to show.
    var feed: Feed

    /// The summary, ending with a newline.
    var text: String {
        var lines: [String] = []
        lines.append("format:   \(feed.format.rawValue)")
        lines.append("title:    \(feed.title ?? "-")")
        lines.append("link:     \(feed.link ?? "-")")
        lines.append("language: \(feed.language ?? "-")")
        lines.append("updated:  \(feed.updated.map(DateParser.rfc3339) ?? "-")")
        lines.append("items:    \(feed.items.count)")
        if !feed.warnings.isEmpty {
            lines.append("warnings: \(feed.warnings.count)")
            lines.append(contentsOf: feed.warnings.map { "  ! \($0)" })
        }
        for (index, item) in feed.items.enumerated() {
            let date = (item.published ?? item.updated).map(DateParser.rfc3339) ?? "(no date)           "
            lines.append(String(format: "%3d. ", index + 1) + "\(date)  \(item.title ?? "(untitled)")")
            lines.append("     \(item.link ?? item.id)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
