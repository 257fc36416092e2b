import Foundation
import Testing

@testable import VigieLogReader

/// The rows for people: local time, level (coloured or not), watch, kind marker, title cut to the width, link when
/// there is room.
@Suite struct AlertTableTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!

    func alert(_ text: String) throws -> AlertLine {
        try #require(AlertLine(parsing: Array(text.utf8.dropLast())[...]))
    }

    func table(width: Int, colours: Bool = false) -> AlertTable {
        AlertTable(width: width, colours: colours, timeZone: Self.paris)
    }

    @Test func aWideTerminalShowsTheWholeTitleAndTheLink() throws {
        let row = table(width: 120).row(for: try alert(Lines.alert("Meta et IBM lancent l'AI Alliance")))
        #expect(
            row
                == "2026-12-07 09:00 alert   ai-alliance        Meta et IBM lancent l'AI Alliance  https://news.example/a"
        )
    }

    @Test func theLinkIsLeftOutWhenItDoesNotFitBesideTheTitle() throws {
        let row = table(width: 80).row(for: try alert(Lines.alert("Meta et IBM lancent l'AI Alliance")))
        #expect(row == "2026-12-07 09:00 alert   ai-alliance        Meta et IBM lancent l'AI Alliance")
    }

    @Test func theTitleIsCutToTheWidthWithAnEllipsis() throws {
        let row = table(width: 60).row(for: try alert(Lines.alert("Meta et IBM lancent l'AI Alliance")))
        #expect(row == "2026-12-07 09:00 alert   ai-alliance        Meta et IBM lan…")
        #expect(DisplayWidth.of(row) == 60)
    }

    /// Each of the title's 35 wide characters takes two columns: the title takes 81, not 46.
    @Test(arguments: [60, 73, 100, 124])
    func wideCharactersCountTwoColumns(width: Int) throws {
        let title = "日本のAI連合にメタとIBMが参加 🎉 — オープンなAIのために、五十以上の組織が集まった"
        #expect(DisplayWidth.of(title) == 81)
        let row = table(width: width).row(for: try alert(Lines.alert(title)))
        #expect(DisplayWidth.of(row) <= width)
        #expect(DisplayWidth.of(row) >= width - 1)  // a wide character that does not fit leaves one column
        #expect(row.hasSuffix("…"))
    }

    @Test(arguments: [
        ("Cafe\u{301}", 4), ("日本", 4), ("ＩＢＭ", 6), ("👩\u{200D}👩\u{200D}👧", 2), ("❤\u{FE0F}", 2), ("a\u{200B}b", 2),
        ("한국어", 6), ("plain", 5),
    ])
    func columnsAreCountedAsATerminalShowsThem(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test(arguments: [
        ("e\u{301}e\u{301}e\u{301}e\u{301}", 3, "e\u{301}e\u{301}…"), ("日本語です", 6, "日本…"), ("日本語です", 5, "日本…"),
        ("ab👩\u{200D}👩\u{200D}👧cd", 4, "ab…"), ("ab👩\u{200D}👩\u{200D}👧cd", 5, "ab👩\u{200D}👩\u{200D}👧…"),
        ("short", 5, "short"), ("longer", 5, "long…"),
    ])
    func aCutNeverSplitsACharacter(text: String, columns: Int, cut: String) {
        #expect(DisplayWidth.truncated(text, to: columns) == cut)
    }

    @Test(arguments: [("alert", "31"), ("warning", "33"), ("notice", "36"), ("info", "2")])
    func levelsAreColouredOnATerminal(level: String, code: String) throws {
        let line = try alert(Lines.alert("Titre", level: level))
        let padded = level + String(repeating: " ", count: 7 - level.count)
        #expect(table(width: 100, colours: true).row(for: line).contains("\u{1B}[\(code)m\(padded)\u{1B}[0m "))
        #expect(!table(width: 100, colours: false).row(for: line).contains("\u{1B}"))
    }

    @Test func coloursDoNotCountInTheWidth() throws {
        let line = try alert(Lines.alert("Meta et IBM lancent l'AI Alliance"))
        let coloured = table(width: 60, colours: true).row(for: line)
        #expect(
            coloured.replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
                == table(width: 60).row(for: line))
    }

    @Test func coverageAndFeedHealthHaveTheirMarkers() throws {
        let coverage = table(width: 100).row(for: try alert(Lines.alert("Reprise", watch: "members", kind: "coverage")))
        #expect(coverage.hasPrefix("2026-12-07 09:00 alert   members          + Reprise"))
        let health = table(width: 100).row(for: try alert(Lines.feedHealth("Feed stale: News")))
        #expect(health.hasPrefix("2026-12-07 10:00 warning -                ! Feed stale: News"))
    }

    @Test func aLongWatchNameIsCut() throws {
        let row = table(width: 100).row(for: try alert(Lines.alert("T", watch: "open-source-foundation-models")))
        #expect(row.contains(" open-source-fou… "))
    }

    /// A feed controls titles: an escape sequence or a newline must not reach the terminal.
    @Test func controlCharactersFromAFeedAreShownAsSpaces() throws {
        let row = table(width: 100).row(for: try alert(Lines.alert("Evil\u{1B}[2J\ntitle\u{9B}31m", link: nil)))
        #expect(row.hasSuffix("Evil [2J title 31m"))
        #expect(!row.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func aTimeThatIsNotRFC3339IsShownAsWritten() throws {
        let row = table(width: 100).row(for: try alert(Lines.alert("T", time: "yesterday")))
        #expect(row.hasPrefix("yesterday        alert"))
    }
}
