import Foundation

/// Which lines of the alert log `vigie alerts` prints: pure, one line's bytes in, a verdict out.
///
/// The values of one criterion are alternatives (any of the watches, any of the entities, any of the kinds); the
/// criteria all apply together. An empty criterion lets every line through.
public struct AlertLineFilter: Sendable {
    /// What a line is, for this filter.
    public enum Verdict: Sendable, Equatable {
        /// A torn write the daemon blanked (only spaces): skipped without a word.
        case blank
        /// Not one JSON object: skipped, and counted so that the reader can say so.
        case invalid
        /// An alert line this filter leaves out.
        case excluded
        /// An alert line to print.
        case match(AlertLine)
    }

    /// Only lines whose `time` is at or after this instant (a line without a readable `time` is left out).
    public var since: Date?
    /// Only lines one of these watches fired on (in `watches`; `watch` for older lines without it).
    public var watches: Set<String>
    /// Only lines naming one of these entities, compared case-insensitively.
    public var entities: [String] {
        didSet { foldedEntities = Set(entities.map(Self.fold)) }
    }
    /// Only lines at least this urgent (a line without a known `level` is left out).
    public var minimumLevel: AlertLevel?
    /// Only lines of these kinds (a line without `kind` is a `story`).
    public var kinds: Set<AlertKind>

    private var foldedEntities: Set<String>

    /// A filter; with the defaults, every alert line matches.
    public init(
        since: Date? = nil, watches: Set<String> = [], entities: [String] = [], minimumLevel: AlertLevel? = nil,
        kinds: Set<AlertKind> = []
    ) {
        self.since = since
        self.watches = watches
        self.entities = entities
        self.minimumLevel = minimumLevel
        self.kinds = kinds
        self.foldedEntities = Set(entities.map(Self.fold))
    }

    /// Reads `line` (without its `\n`) and says whether it is blank, not JSON, left out, or printed.
    public func evaluate(_ line: ArraySlice<UInt8>) -> Verdict {
        guard let alert = AlertLine(parsing: line) else {
            return AlertLine.isBlank(line) ? .blank : .invalid
        }
        return matches(alert) ? .match(alert) : .excluded
    }

    /// Whether `alert` passes every criterion.
    public func matches(_ alert: AlertLine) -> Bool {
        if let minimumLevel {
            guard let level = alert.alertLevel, level >= minimumLevel else { return false }
        }
        if !kinds.isEmpty {
            guard let kind = alert.alertKind, kinds.contains(kind) else { return false }
        }
        if !watches.isEmpty {
            guard alert.watches.contains(where: watches.contains) else { return false }
        }
        if !foldedEntities.isEmpty {
            guard alert.entities.contains(where: { foldedEntities.contains(Self.fold($0)) }) else { return false }
        }
        if let since {
            guard let seconds = alert.time.flatMap(RFC3339.seconds), seconds >= since.timeIntervalSince1970 else {
                return false
            }
        }
        return true
    }

    /// The form entities are compared in: case and width folded (`ibm`, `IBM` and `ＩＢＭ` are one).
    private static func fold(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil)
    }
}
