import Foundation
import VigieConfig
import VigieFeeds

/// A `--since` value: a duration back from now (`90s`, `24h`, `30d`, `1h30m`), a day (`2026-12-01`, midnight UTC)
/// or an RFC 3339 instant.
enum SinceArgument {
    /// The instant `text` names, from `now`; `nil` when it is none of the three forms.
    static func instant(_ text: String, now: Date) -> Date? {
        if let seconds = ConfigValues.duration(text) { return now.addingTimeInterval(-seconds) }
        if text.count == 10 {
            return text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (48...57).contains($0) }
                ? DateParser.parse(text + "T00:00:00Z") : nil
        }
        return DateParser.parse(text)
    }

    /// The message for a value that is none of them.
    static func problem(_ text: String) -> String {
        "--since \"\(text)\": write a duration back from now (\"24h\", \"30d\"), a day (\"2026-12-01\") or an "
            + "RFC 3339 time (\"2026-12-01T08:00:00Z\")"
    }
}
