import Foundation
import Testing

@testable import VigieLogReader

/// The filters, one line's bytes at a time: each option, their combinations, older lines, `feed-health` lines,
/// blank and broken lines.
@Suite struct AlertLineFilterTests {
    static let story = Lines.alert(
        "Meta et IBM lancent l'AI Alliance", time: "2026-12-07T08:00:00Z", watch: "ai-alliance", level: "alert",
        watches: ["ai-alliance", "members"], kind: "story", entities: ["Meta", "IBM"])
    static let coverage = Lines.alert(
        "Une alliance pour l'IA ouverte", time: "2026-12-07T10:30:00Z", watch: "members", level: "notice",
        watches: ["members"], kind: "coverage", entities: ["Hugging Face"])
    /// Written before 2026-12: no `watches` key.
    static let old = Lines.alert(
        "Intel rejoint l'alliance", time: "2026-11-20T12:00:00Z", watch: "members", level: "warning", watches: nil,
        kind: "story", entities: ["Intel"])
    static let health = Lines.feedHealth("Feed failing: La Tribune (5 failed polls in a row)", level: "warning")
    static let all = [story, coverage, old, health]

    /// The titles of the lines of ``all`` that `filter` lets through.
    func titles(_ filter: AlertLineFilter) -> [String] {
        Self.all.compactMap { text in
            guard case .match(let alert) = filter.evaluate(Array(text.utf8.dropLast())[...]) else { return nil }
            return alert.title
        }
    }

    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test func noCriterionLetsEveryAlertLineThrough() {
        #expect(titles(AlertLineFilter()).count == 4)
    }

    @Test func watchesMatchAnyWatchThatFiredAndTheWatchOfOlderLines() {
        #expect(titles(AlertLineFilter(watches: ["members"])).count == 3)
        #expect(titles(AlertLineFilter(watches: ["ai-alliance"])) == ["Meta et IBM lancent l'AI Alliance"])
        #expect(titles(AlertLineFilter(watches: ["nothing"])).isEmpty)
    }

    @Test func entitiesMatchWithoutRegardToCase() {
        #expect(titles(AlertLineFilter(entities: ["ibm"])) == ["Meta et IBM lancent l'AI Alliance"])
        #expect(titles(AlertLineFilter(entities: ["HUGGING FACE", "intel"])).count == 2)
        #expect(titles(AlertLineFilter(entities: ["IB"])).isEmpty)
    }

    @Test func levelKeepsThatLevelAndMoreUrgentOnes() {
        #expect(titles(AlertLineFilter(minimumLevel: .alert)) == ["Meta et IBM lancent l'AI Alliance"])
        #expect(titles(AlertLineFilter(minimumLevel: .warning)).count == 3)
        #expect(titles(AlertLineFilter(minimumLevel: .notice)).count == 4)
        #expect(titles(AlertLineFilter(minimumLevel: .info)).count == 4)
    }

    @Test func kindsSelectStoriesCoverageOrFeedHealth() {
        #expect(titles(AlertLineFilter(kinds: [.coverage])) == ["Une alliance pour l'IA ouverte"])
        #expect(titles(AlertLineFilter(kinds: [.feedHealth])) == ["Feed failing: La Tribune (5 failed polls in a row)"])
        #expect(titles(AlertLineFilter(kinds: [.story])).count == 2)
        #expect(titles(AlertLineFilter(kinds: [.story, .coverage])).count == 3)
    }

    @Test func aLineWithoutKindIsAStory() {
        let line = Lines.alert("Avant les histoires", kind: nil)
        let filter = AlertLineFilter(kinds: [.story])
        #expect(filter.evaluate(Array(line.utf8.dropLast())[...]) != .excluded)
    }

    @Test func sinceKeepsLinesAtOrAfterTheInstant() {
        #expect(titles(AlertLineFilter(since: Self.date("2026-12-07T09:00:00Z"))).count == 2)
        #expect(titles(AlertLineFilter(since: Self.date("2026-12-07T08:00:00Z"))).count == 3)
        #expect(titles(AlertLineFilter(since: Self.date("2026-12-08T00:00:00Z"))).isEmpty)
    }

    @Test func aFeedHealthLineHasNoWatchSoAWatchFilterLeavesItOut() {
        #expect(!titles(AlertLineFilter(watches: ["members", "ai-alliance"])).contains { $0.hasPrefix("Feed") })
        #expect(titles(AlertLineFilter(minimumLevel: .warning, kinds: [.feedHealth])).count == 1)
    }

    /// Values of one option are alternatives; different options all apply.
    @Test func optionsCombineWithAndValuesWithOr() {
        let filter = AlertLineFilter(
            since: Self.date("2026-12-01T00:00:00Z"), watches: ["members", "elsewhere"], entities: ["meta", "intel"],
            minimumLevel: .warning, kinds: [.story, .coverage])
        #expect(titles(filter) == ["Meta et IBM lancent l'AI Alliance"])
        var later = filter
        later.since = Self.date("2026-12-07T09:00:00Z")
        #expect(titles(later).isEmpty)
        var anyTime = filter
        anyTime.since = nil
        #expect(titles(anyTime) == ["Meta et IBM lancent l'AI Alliance", "Intel rejoint l'alliance"])
    }

    @Test(arguments: ["", " ", "        "])
    func aBlankedLineIsBlank(line: String) {
        #expect(AlertLineFilter().evaluate(Array(line.utf8)[...]) == .blank)
    }

    @Test(arguments: [
        "not json", "{\"time\":\"2026-12-07T08:00:00Z\",\"title\":\"cut short", "[1,2]", "\"a string\"", "{}{}",
        "{\"a\":1,}", "{\"a\":01}", "{\"a\":\"\u{01}\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":tru}",
        "{\"a\" 1}", "{'a':1}", "{\"a\":[1,2}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":1e}", "\t{\"a\":1} x",
        "{\"a\":" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}",
    ])
    func aLineThatIsNotOneJSONObjectIsInvalid(line: String) {
        #expect(AlertLineFilter().evaluate(Array(line.utf8)[...]) == .invalid)
    }

    /// The scanner reads what `JSONSerialization` reads, escapes and all.
    @Test(arguments: [
        #"{"title":"caf\u00e9 \ud83d\ude00 \"quoted\" a\/b\\ \n\t","watch":"w","watches":["w",1,null,{"x":[]}],"level":"info"}"#,
        #"{"title":"plain é 日本 😀","link":null,"entities":null,"n":-1.5e+3,"b":true,"f":false,"o":{"a":{"b":[{}]}}}"#,
        #" {"title":"spaces around","kind":"coverage","time":"2026-12-07T08:00:00.123+01:00"} "#,
        #"{"title":1,"watch":["not","a","string"],"entities":["A","B"],"title":"last wins"}"#,
    ])
    func theScannerReadsWhatJSONSerializationReads(line: String) throws {
        let alert = try #require(AlertLine(parsing: Array(line.utf8)[...]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(alert.title == object["title"] as? String)
        #expect(alert.link == object["link"] as? String)
        #expect(alert.kind == object["kind"] as? String)
        #expect(alert.time == object["time"] as? String)
        #expect(alert.watch == object["watch"] as? String)
        #expect(alert.entities == (object["entities"] as? [Any] ?? []).compactMap { $0 as? String })
        if let watches = object["watches"] as? [Any] {
            #expect(alert.watches == watches.compactMap { $0 as? String })
        }
    }

    /// `JSONSerialization` refuses a lone surrogate escape; the grammar allows it, so the line is read, with U+FFFD.
    @Test func aLoneSurrogateEscapeIsReadAsAReplacementCharacter() throws {
        let alert = try #require(AlertLine(parsing: Array(#"{"title":"a\ud800b\udc00"}"#.utf8)[...]))
        #expect(alert.title == "a\u{FFFD}b\u{FFFD}")
    }

    @Test func oldLinesWithoutWatchesReadTheirWatchAsWatches() throws {
        let alert = try #require(AlertLine(parsing: Array(Self.old.utf8.dropLast())[...]))
        #expect(alert.watches == ["members"])
        let health = try #require(AlertLine(parsing: Array(Self.health.utf8.dropLast())[...]))
        #expect(health.watches.isEmpty)
        #expect(health.watch == nil)
        #expect(health.alertKind == .feedHealth)
    }

    @Test(arguments: [
        ("2026-12-07T08:00:00Z", 1_796_630_400.0), ("2026-12-07T09:00:00+01:00", 1_796_630_400),
        ("2026-12-07t08:00:00.5z", 1_796_630_400.5), ("1970-01-01T00:00:00Z", 0),
        ("2000-02-29T23:59:59-00:30", 951_870_599),
    ])
    func rfc3339TimesAreRead(text: String, seconds: Double) {
        #expect(RFC3339.seconds(text) == seconds)
    }

    @Test(arguments: ["2026-12-07", "2026-13-07T08:00:00Z", "2026-12-07T08:00:00", "2026-12-07T08:00:00+0100", "x"])
    func notRFC3339TimesAreNot(text: String) {
        #expect(RFC3339.seconds(text) == nil)
    }
}
