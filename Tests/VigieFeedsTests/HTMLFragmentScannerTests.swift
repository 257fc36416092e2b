import CLibXML2
import Foundation
import Testing
import VigieTestSupport

@testable import VigieFeeds

/// The scanner gives the text libxml2's HTML parser gives, wherever it does not decline: checked on thousands of
/// generated fragments mixing every construct it follows or declines, on the hand-written cases of
/// ``HTMLTextTests``, and (where the team's corpus is present) on every feed of it.
@Suite struct HTMLFragmentScannerTests {
    static let pieces: [String] = [
        "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<span class=\"x\">", "</span>",
        "<a href=\"https://example.org/?a=1&amp;b=2\">", "</a>", "<a href=x>", "<ul>", "</ul>", "<li>", "</li>",
        "<ol>", "</ol>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>", "<tbody>",
        "<br>", "<br/>", "<br />", "<img src='a.png' alt=\"a > b\">", "<hr>", "<h2>", "</h2>", "<blockquote>",
        "</blockquote>", "<figure>", "</figure>", "<figcaption>", "</figcaption>", "<em>", "</em>", "<strong>",
        "</strong>", "<font>", "</font>", "<center>", "<dl>", "<dt>", "<dd>", "<option>", "<select>", "</select>",
        "<source src=v.mp4>", "<video>", "</video>", "<script>var a = '<p>' + 1;</script>",
        "<script type=\"text/javascript\">if (a < b) {}</SCRIPT >", "<style>p { color: red }</style>",
        "<script src=x.js></script>", "<script/>", "<!-- a comment -->", "<!---->", "<!-- <p> -- x -->",
        "&amp;", "&lt;", "&gt;", "&nbsp;", "&eacute;", "&hellip;", "&thetasym;", "&foo;", "&amp", "&", "& ",
        "&#8217;", "&#x2019;", "&#X41;", "&#65", "&#;", "&#x;", "&#0;", "&#1114112;", "&#xD800;", "&#160;",
        "AT&T", "x < y", "a<3", "Meta", "IBM", " ", "  \n\t ", "word", "l’IA", "日本語", "\u{00A0}", "—",
        "</q>", "</section>", "<section>", "<article>", "</article>", "<pre>", "</pre>", "<textarea>",
        "<title>t</title>", "<noscript>n</noscript>", "<iframe src=x></iframe>", "<svg><path/></svg>",
        "<meta charset=utf-8>", "<!DOCTYPE html>", "<?php x ?>", "<body>", "</body>", "<html>", "<head>",
        "<a.b>", "</ p>", "<p", "<b title='unclosed>", "<_x>", "<:y>", "</_x>", "<p/ >", "<X-Custom data-a=1>",
        "</x-custom>", "<caption>", "<col>", "<colgroup>", "<thead>", "<tfoot>", "<form>", "</form>", "<legend>",
        "<fieldset>", "<address>", "<menu>", "<dir>", "<listing>", "<xmp>", "<small>", "<big>", "<tt>", "<u>",
        "<s>", "<strike>", "<optgroup>", "<link rel=x>", "<input value='a'>", "<param>", "<area>",
        "<abc def ghi=\"j\" k='l' m=n>", "</abc>", "<div>\u{FFFF}</div>", "\u{FFFE}", "\u{0}", "\u{1F}",
        "<p\u{1}class=x>", "</p\u{2}>", "&amp\u{3};", "<![CDATA[<b>x</b>]]>", "]]>", "<!-- <![CDATA[ -->",
    ]

    static func fragment(_ random: inout SeededRandom) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...24, using: &random) {
            text += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            if Bool.random(using: &random) {
                text += ["a", "b c", " d ", "e\n", "f."][Int.random(in: 0..<5, using: &random)]
            }
        }
        return text
    }

    @Test func generatedFragmentsGiveLibxml2sText() {
        var random = SeededRandom(state: 20_261_208)
        var scanned = 0
        // 20,000; 2,000 under a sanitizer, which slows each parse tenfold (the corpus test covers real markup).
        let total = Self.underSanitizer ? 2_000 : 20_000
        for _ in 0..<total {
            let html = Self.fragment(&random)
            let expected = HTMLText.plainText(fromHTML: html, scanning: false)
            let text = HTMLText.plainText(fromHTML: html, scanning: true)
            #expect(text == expected, "\(html.debugDescription)")
            if text != expected { break }
            if Self.isScanned(html) { scanned += 1 }
        }
        // The generator mixes in constructs the scanner declines; most fragments must still be scanned.
        #expect(scanned > total / 4, "only \(scanned) of \(total) fragments were scanned")
    }

    @Test(
        arguments: HTMLTextTests.tagsAndBlocks + HTMLTextTests.droppedContent + HTMLTextTests.entities
            + HTMLTextTests.escapedTwice + HTMLTextTests.malformed)
    func handWrittenCasesGiveTheSameTextBothWays(_ example: HTMLTextTests.Case) {
        #expect(HTMLText.plainText(fromHTML: example.html, scanning: false) == example.text)
        #expect(HTMLText.plainText(fromHTML: example.html, scanning: true) == example.text)
    }

    @Test func everyEntityOfLibxml2IsFoundByName() {
        var found = 0
        for value in UInt32(1)..<0x11_0000 {
            guard let entity = htmlEntityValueLookup(value), let name = entity.pointee.name else { continue }
            let bytes = Array(String(cString: name).utf8)
            #expect(bytes.withUnsafeBufferPointer { HTMLEntities.value(of: $0, 0..<$0.count) } == value)
            found += 1
        }
        #expect(found > 250)
        #expect(Array("notanentity".utf8).withUnsafeBufferPointer { HTMLEntities.value(of: $0, 0..<$0.count) } == nil)
        #expect(Array("AMP".utf8).withUnsafeBufferPointer { HTMLEntities.value(of: $0, 0..<$0.count) } == nil)
    }

    @Test func plainMarkupIsScannedAndTheRestDeclined() {
        #expect(Self.isScanned("<p>Meta &amp; IBM <a href=\"x\">launch</a></p><ul><li>one<li>two</ul>"))
        #expect(Self.isScanned("<script>if (a < b) {}</script>text"))
        #expect(!Self.isScanned("<title>t</title>text"))
        #expect(!Self.isScanned("<!DOCTYPE html><p>x"))
        #expect(!Self.isScanned("<b title='unclosed>x"))
        #expect(!Self.isScanned("x&eacute\u{00E9};"))
    }

    /// Whether the tests run under a sanitizer (`make sanitize` sets `VIGIE_UNDER_SANITIZER`).
    static let underSanitizer = ProcessInfo.processInfo.environment["VIGIE_UNDER_SANITIZER"] != nil

    /// Whether the scanner reads `html` itself.
    static func isScanned(_ html: String) -> Bool {
        Array(html.utf8).withUnsafeBufferPointer { HTMLFragmentScanner.text(of: $0) } != nil
    }

    /// The team's corpus (`../shared/corpus`, or `VIGIE_CORPUS`), when present: every feed file parses to the same
    /// items with and without the scanner.
    @Test func everyCorpusFeedParsesTheSameWithAndWithoutTheScanner() throws {
        let root =
            ProcessInfo.processInfo.environment["VIGIE_CORPUS"]
            ?? Fixtures.root.appendingPathComponent("../../../shared/corpus").standardized.path
        guard FileManager.default.fileExists(atPath: root), !Self.underSanitizer else { return }
        let extensions = [".xml", ".rss", ".atom", ".rdf"]
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        let files = all.filter { file in extensions.contains { file.hasSuffix($0) } }
        var compared = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: root + "/" + file) else { continue }
            let bytes = [UInt8](data)
            var libxml2 = FeedParser()
            libxml2.scansHTML = false
            guard let expected = try? libxml2.parse(bytes), let feed = try? FeedParser().parse(bytes) else { continue }
            compared += 1
            #expect(feed == expected, "\(file)")
        }
        #expect(compared > 1_000)
    }
}
