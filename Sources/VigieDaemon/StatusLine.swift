import VigieStore

/// The one-line status `systemctl status vigie` shows (`STATUS=`), from the configured feeds' states only: rows the
/// state keeps for feeds removed from the configuration do not count.
enum StatusLine {
    /// `"N feeds: A ok, B failing, C gone; D alerts today (UTC)"`.
    static func text(feeds: [FeedState], alertsToday: Int) -> String {
        let gone = feeds.filter(\.gone).count
        let failing = feeds.filter { $0.consecutiveFailures > 0 && !$0.gone }.count
        let total = feeds.count
        return "\(total) feeds: \(total - failing - gone) ok, \(failing) failing, \(gone) gone; "
            + "\(alertsToday) alerts today (UTC)"
    }
}
