import Foundation
import Glibc

/// What the CLI's tables need to know of standard output: whether it is a terminal, its width, and whether to
/// colour (a terminal, and `NO_COLOR` unset: <https://no-color.org>).
enum Terminal {
    /// Whether standard output is a terminal.
    static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether to write ANSI colours.
    static var colours: Bool { isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    /// The width to fit: the terminal's, else `COLUMNS`, else 100.
    static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return 100
    }

    /// `text` in the ANSI colour `code` (e.g. 31 red) when `enabled`.
    static func paint(_ text: String, _ code: Int, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `text` cut to `width` characters, with `…` when cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        return width <= 1 ? String(text.prefix(width)) : String(text.prefix(width - 1)) + "…"
    }

    /// How long ago (or ahead) `date` is from `now`, shortly: `12s ago`, `in 4m`, `3h ago`, `2d ago`.
    static func relative(_ date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        let text: String
        switch magnitude {
        case ..<60: text = "\(Int(magnitude))s"
        case ..<3600: text = "\(Int(magnitude / 60))m"
        case ..<172_800: text = "\(Int(magnitude / 3600))h"
        default: text = "\(Int(magnitude / 86_400))d"
        }
        return seconds > 0 ? "in \(text)" : "\(text) ago"
    }
}
