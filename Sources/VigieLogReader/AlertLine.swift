import Foundation

/// The members of one alert log line that `vigie alerts` filters and shows, read from its JSON.
///
/// Every member may be absent or `null` (a line from an older Vigie, a `feed-health` line): its property is then
/// `nil`, or empty for the arrays. The line's bytes are what is printed with `--json`; this is only what is read
/// from them.
public struct AlertLine: Sendable, Equatable {
    /// `time`: the detection time, RFC 3339 UTC, as written.
    public var time: String?
    /// `alert_id`.
    public var alertID: String?
    /// `watch`: the strongest watch that fired (`nil` on `feed-health` lines).
    public var watch: String?
    /// `level`, as written (`alert`, `warning`, `notice`, `info`); see ``alertLevel``.
    public var level: String?
    /// `watches`: every watch that fired; `[watch]` on lines written before the key existed (or `[]` without a
    /// watch).
    public var watches: [String] = []
    /// `kind`, as written (`story`, `coverage`, `feed-health`); see ``alertKind``.
    public var kind: String?
    /// `title`.
    public var title: String?
    /// `link`.
    public var link: String?
    /// `entities`: the canonical names of the organisations found.
    public var entities: [String] = []
    /// `feed`: the configured feed URL.
    public var feed: String?
    /// `feed_title`.
    public var feedTitle: String?
    /// `story`.
    public var story: String?

    /// Reads `line` (without its `\n`), or `nil` when it is not exactly one JSON object.
    ///
    /// The whole line is checked against the JSON grammar (a torn or hand-edited line is refused), but text the
    /// reader skips (values of other members) is not checked for valid UTF-8: `--json` prints the bytes as they are.
    /// Members are read without building the whole object, so a 100 MB log is read in about a second (release
    /// build).
    public init?(parsing line: ArraySlice<UInt8>) {
        guard let parsed = line.withUnsafeBufferPointer({ JSONLineScanner.alertLine(in: $0) }) else { return nil }
        self = parsed
    }

    /// An empty line, for the scanner to fill.
    init() {}

    /// The level, when it is one of the four.
    public var alertLevel: AlertLevel? { level.flatMap(AlertLevel.init(rawValue:)) }

    /// The kind, when it is one of the three; a line without `kind` (older logs) is a ``AlertKind/story``.
    public var alertKind: AlertKind? { kind.map { AlertKind(rawValue: $0) } ?? .story }

    /// ``time`` as a date, when it is an RFC 3339 time.
    public var date: Date? { time.flatMap(RFC3339.seconds).map { Date(timeIntervalSince1970: $0) } }

    /// Whether `line` is a torn write the daemon blanked: nothing but spaces (or nothing at all). Such a line is
    /// skipped without a word.
    public static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 }
    }
}
