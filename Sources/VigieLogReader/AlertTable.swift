import Foundation

/// The rows `vigie alerts` prints for people: pure, an alert line and the terminal's width in, one line of text out.
///
/// A row is `time level watch marker title  link`:
/// ```
/// 2026-11-29 06:40 alert   ai-alliance        IA générative : Meta et IBM lancent l'AI Alliance  https://…
/// 2026-11-29 07:02 alert   ai-alliance      + Meta, IBM et 50 partenaires créent une alliance pour une IA…
/// ```
/// The time is local (`YYYY-MM-DD HH:MM`); the watch is the strongest one (`-` on `feed-health` lines); the marker
/// is `+` for coverage, `!` for feed health, blank for a story. The title is cut to what is left of the width,
/// with `…`; the link follows when the whole title and the link fit, else it is left out. Control characters
/// from a feed are shown as spaces, so a row is always one line and cannot drive the terminal.
public struct AlertTable: Sendable {
    /// The columns a row may take (the terminal's width).
    public var width: Int
    /// Whether the level is coloured with ANSI escapes: alert red, warning yellow, notice cyan, info dim.
    public var colours: Bool
    /// The zone the time is shown in.
    public var timeZone: TimeZone

    /// Columns of the time, the level and the watch.
    static let timeColumns = 16
    static let levelColumns = 7
    static let watchColumns = 16
    /// A title keeps at least this many columns, even on a narrow terminal (the row then wraps).
    static let minimumTitleColumns = 12

    /// A table for a terminal `width` columns wide.
    public init(width: Int, colours: Bool, timeZone: TimeZone = .current) {
        self.width = width
        self.colours = colours
        self.timeZone = timeZone
    }

    /// The row of `alert`, without a newline.
    public func row(for alert: AlertLine) -> String {
        let level = DisplayWidth.printable(alert.level ?? "-")
        let watch = DisplayWidth.printable(alert.watch ?? "-")
        let marker: String
        switch alert.alertKind {
        case .coverage: marker = "+"
        case .feedHealth: marker = "!"
        case .story, nil: marker = " "
        }
        var row = pad(localTime(alert), Self.timeColumns) + " "
        row +=
            paint(pad(DisplayWidth.truncated(level, to: Self.levelColumns), Self.levelColumns), alert.alertLevel) + " "
        row += pad(DisplayWidth.truncated(watch, to: Self.watchColumns), Self.watchColumns) + " " + marker + " "
        let fixed = Self.timeColumns + Self.levelColumns + Self.watchColumns + 5
        let room = max(width - fixed, Self.minimumTitleColumns)
        let title = DisplayWidth.printable(alert.title ?? "(no title)")
        let link = DisplayWidth.printable(alert.link ?? "")
        let titleWidth = DisplayWidth.of(title)
        if !link.isEmpty, titleWidth + 2 + DisplayWidth.of(link) <= room {
            row += title + "  " + link
        } else {
            row += DisplayWidth.truncated(title, to: room)
        }
        return row
    }

    /// `YYYY-MM-DD HH:MM` in ``timeZone``, or the text as written when it is not an RFC 3339 time.
    private func localTime(_ alert: AlertLine) -> String {
        guard let time = alert.time else { return "-" }
        guard let seconds = RFC3339.seconds(time) else {
            return DisplayWidth.truncated(DisplayWidth.printable(time), to: Self.timeColumns)
        }
        let date = Date(timeIntervalSince1970: seconds)
        let local = Int(seconds.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let minuteOfDay = (local - days * 86400) / 60
        let (year, month, day) = RFC3339.civil(daysSince1970: days)
        return
            "\(year)-\(twoDigits(month))-\(twoDigits(day)) \(twoDigits(minuteOfDay / 60)):\(twoDigits(minuteOfDay % 60))"
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private func pad(_ text: String, _ columns: Int) -> String {
        let missing = columns - DisplayWidth.of(text)
        return missing > 0 ? text + String(repeating: " ", count: missing) : text
    }

    private func paint(_ text: String, _ level: AlertLevel?) -> String {
        guard colours, let level else { return text }
        let code: String
        switch level {
        case .alert: code = "31"
        case .warning: code = "33"
        case .notice: code = "36"
        case .info: code = "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
