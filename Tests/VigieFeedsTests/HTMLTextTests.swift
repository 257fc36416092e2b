import CLibXML2
import Testing

@testable import VigieFeeds

/// Plain text extraction from feed HTML: every case asserts the exact output.
@Suite struct HTMLTextTests {
    /// One HTML fragment and the plain text it must become.
    struct Case: CustomTestStringConvertible, Sendable {
        var html: String
        var text: String
        var testDescription: String { html.debugDescription }

        /// A case where `html` must become exactly `text`.
        init(_ html: String, _ text: String) {
            self.html = html
            self.text = text
        }
    }

    @Test func seedSnippetKeepsWordsAndDecodesApostrophe() {
        let html = """
            <p><strong>M</strong>eta, IBM et une cinquantaine d'entreprises (dont Intel, Oracle, Harvard) \
            lancent l&#39;AI Alliance</p>
            """
        #expect(
            HTMLText.plainText(fromHTML: html)
                == "Meta, IBM et une cinquantaine d'entreprises (dont Intel, Oracle, Harvard) lancent l'AI Alliance"
        )
    }

    static let tagsAndBlocks: [Case] = [
        Case("<p>a</p><p>b</p>", "a b"),
        Case("a<br>b", "a b"),
        Case("a<br/>b<br />c", "a b c"),
        Case("<ul><li>x</li><li>y</li></ul>", "x y"),
        Case("<ol><li>one<li>two</ol>after", "one two after"),
        Case("<dl><dt>term</dt><dd>definition</dd></dl>", "term definition"),
        Case("<h1>Title</h1><h2>Sub</h2>Body", "Title Sub Body"),
        Case(
            "<table><thead><tr><th>k</th><th>v</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>",
            "k v 1 2"),
        Case("<div>Intro<div>Nested</div>Tail</div>", "Intro Nested Tail"),
        Case("quote:<blockquote>cited</blockquote>end", "quote: cited end"),
        Case("a<hr>b", "a b"),
        Case("<section>s</section><article>a</article><header>h</header><footer>f</footer>", "s a h f"),
        Case("<aside>x</aside><nav>y</nav><main>z</main>", "x y z"),
        Case("<figure><img src=\"a.png\"><figcaption>Caption</figcaption></figure>", "Caption"),
        Case("a<img src=x.png>b", "a b"),
        Case("<details><summary>More</summary>Hidden text</details>", "More Hidden text"),
        Case("<address>Paris</address><form>Form</form><pre>code</pre>", "Paris Form code"),
        Case(
            "watch<video src=v.mp4>fallback</video>listen<audio><source src=a.ogg>old</audio>",
            "watch fallback listen old"),
        Case("<strong>M</strong>eta", "Meta"),
        Case("<a href=\"x\">IB</a>M", "IBM"),
        Case("l&#8217;<em>IA</em>", "l’IA"),
        Case("<span>un</span><i>i</i><b>que</b>", "unique"),
        Case("<P>Upper</P><BR>Case", "Upper Case"),
        Case("<custom-tag>in</custom-tag>line", "inline"),
        Case("<select><option>A</option><option>B</option></select>", "A B"),
    ]

    @Test(arguments: tagsAndBlocks) func tagsAreRemovedAndBlocksSeparateWords(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    static let droppedContent: [Case] = [
        Case("<p>a</p><script>var x = \"<p>b</p>\";</script><p>c</p>", "a c"),
        Case("x<style>p { color: red }</style>y", "x y"),
        Case("<noscript><p>Enable JavaScript</p></noscript>Text", "Text"),
        Case("<template><p>t</p></template>Text", "Text"),
        Case("<head><title>Page</title><meta charset=utf-8></head>Body", "Body"),
        Case("<html><head><title>T</title></head><body><p>x</p></body></html>after", "x after"),
        Case("a<iframe src=\"https://example.com\">frame</iframe>b", "a b"),
        Case("a<object data=x>fallback</object>b", "a b"),
        Case("<svg><title>icon</title><text>label</text></svg>Caption", "Caption"),
        Case("<script>//<![CDATA[\nvar a = 1 < 2;\n//]]></script>After", "After"),
        Case("<p>a<!-- hidden -->b</p>", "ab"),
        Case("<!-- lead --><p>x</p><!-- trail -->", "x"),
        Case("<?xml version=\"1.0\"?><p>x</p><?php echo 1; ?>", "x"),
        Case("<!DOCTYPE html><html><body><p>doc</p></body></html>", "doc"),
        Case("<head><title>T</title>Body without closing head", "Body without closing head"),
        // Like a browser, an unclosed script swallows the rest of the fragment.
        Case("Before<script>never closed <p>x</p>", "Before"),
    ]

    @Test(arguments: droppedContent) func nonTextContentIsDropped(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    static let entities: [Case] = [
        Case("&eacute;t&eacute;", "été"),
        Case("a&nbsp;b", "a b"),
        Case("&nbsp;&nbsp;lead and trail&nbsp;", "lead and trail"),
        Case("l&rsquo;IA&hellip;", "l’IA…"),
        Case("&#233;&#xE9;&#XE9;", "ééé"),
        Case("&#128512; &#x1F600;", "😀 😀"),
        Case("5&euro; &amp; &lt; 6 &gt; 4 &quot;q&quot; &apos;a&apos;", "5€ & < 6 > 4 \"q\" 'a'"),
        Case("a&#x2003;b&#12288;c&#x200A;d", "a b c d"),
        Case("&bogus; R&D AT&T", "&bogus; R&D AT&T"),
        Case("a &lt; b", "a < b"),
    ]

    @Test(arguments: entities) func entitiesAreDecoded(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    static let escapedTwice: [Case] = [
        Case("&lt;p&gt;Hello &amp;amp; bye&lt;/p&gt;", "Hello & bye"),
        Case("&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;", "One Two"),
        Case("&lt;strong&gt;M&lt;/strong&gt;eta", "Meta"),
        Case("Line&lt;br/&gt;break", "Line break"),
        Case("&lt;a href=&quot;https://x.example&quot;&gt;link&lt;/a&gt; text", "link text"),
        Case("&lt;!-- note --&gt;kept", "kept"),
        Case("l&amp;#39;IA", "l'IA"),
        Case("caf&amp;eacute;", "café"),
        // Text that merely talks about a tag is read as markup on the second pass.
        Case("Use &lt;br&gt; tags", "Use tags"),
        // Two passes at most: the third level of escaping stays visible.
        Case("&amp;amp;lt;p&amp;amp;gt;", "&lt;p&gt;"),
    ]

    @Test(arguments: escapedTwice) func htmlEscapedTwiceIsDecodedBySecondPass(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    static let plainInputs: [Case] = [
        Case("x < y and a<b", "x < y and a<b"),
        Case("if a < b && c > d", "if a < b && c > d"),
        Case("3 > 2 & 1 < 2", "3 > 2 & 1 < 2"),
        Case("  no\tmarkup\n here  ", "no markup here"),
        Case("fish & chips", "fish & chips"),
        Case("<p>x < y</p>", "x < y"),
        Case("", ""),
        Case(" \n\t ", ""),
        Case("<p></p><br>", ""),
    ]

    @Test(arguments: plainInputs) func textWithoutMarkupIsOnlyCollapsed(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    static let malformed: [Case] = [
        Case("<p>unclosed <b>bold", "unclosed bold"),
        Case("a</p>b", "a b"),
        Case("</div>lead<b>x</b>y</li>z", "leadxy z"),
        Case("<b><i>x</b></i>y", "xy"),
        Case("<a href=foo title=bar>link</a> text", "link text"),
        Case("<p>Intro</p> more <a href=\"", "Intro more"),
        Case("<p>Intro</p> cut <img src=\"x.png", "Intro cut"),
        Case("<p>a<div>b</div>c</p>", "a b c"),
        Case("<<p>>x", "< >x"),
        Case("<p>a<![CDATA[b]]>c</p>", "abc"),
        Case("<![CDATA[<p>x</p><p>y</p>]]>", "x y"),
        Case("<p>open <![CDATA[never closed", "open never closed"),
        Case("a\u{0}b<br>c\u{1}d", "a b c d"),
        Case("<meta charset=\"iso-8859-1\"><p>café</p>", "café"),
    ]

    @Test(arguments: malformed) func malformedHTMLKeepsSurroundingText(_ example: Case) {
        #expect(HTMLText.plainText(fromHTML: example.html) == example.text)
    }

    @Test func deeplyNestedDivsDoNotCrash() {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth)
        #expect(HTMLText.plainText(fromHTML: html) == "deep")
        let unclosed = String(repeating: "<div><span>", count: depth) + "never closed"
        #expect(HTMLText.plainText(fromHTML: unclosed) == "never closed")
    }

    @Test func tenMegabytesOfHTMLArePreserved() {
        let paragraph = "<p>" + String(repeating: "mot\u{A0}word\n", count: 100) + "&amp;</p>\n"
        let html = String(repeating: paragraph, count: 10_000)
        #expect(html.utf8.count > 10_000_000)
        let text = HTMLText.plainText(fromHTML: html)
        #expect(text.utf8.count == 10_000 * (100 * 9 + 1) + 9_999)
        #expect(text.hasPrefix(String(repeating: "mot word ", count: 100) + "& mot word "))
        #expect(text.hasSuffix("mot word &"))
    }

    @Test func concurrentCallsGiveTheSameResults() async {
        let inputs = Self.tagsAndBlocks + Self.entities + Self.escapedTwice + Self.malformed
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for _ in 0..<50 {
                        for example in inputs where HTMLText.plainText(fromHTML: example.html) != example.text {
                            mismatches += 1
                        }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func parseErrorsAreNotReportedThroughLibxmlHandlers() {
        // libxml2's handlers are per thread; a synchronous test body stays on one thread.
        final class Counter { var calls = 0 }
        let counter = Counter()
        let context = Unmanaged.passUnretained(counter).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, _ in
            Unmanaged<Counter>.fromOpaque(context!).takeUnretainedValue().calls += 1
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let text = withExtendedLifetime(counter) {
            HTMLText.plainText(fromHTML: "<b><i>x</b></i></p><foo bar=\"<a href=\"&#xD800;&bogus;<!DOCTYPE")
        }
        #expect(text == "x")
        #expect(counter.calls == 0)
    }

    static let whitespace: [Case] = [
        Case("  a  b  ", "a b"),
        Case("a\u{00A0}\u{2009}b", "a b"),
        Case("a\t\n\r\u{0B}\u{0C}\u{3000}b", "a b"),
        Case("a\u{1680}b\u{2028}c\u{2029}d\u{202F}e\u{205F}f\u{0085}g\u{2000}h\u{200A}i", "a b c d e f g h i"),
        Case("\u{200A}", ""),
        Case("é  è\u{00A0}ü", "é è ü"),
        Case("zero\u{200B}width", "zero\u{200B}width"),
        Case("a\u{0}b", "a\u{0}b"),
        Case("<p>  x  </p>", "<p> x </p>"),
    ]

    @Test(arguments: whitespace) func whitespaceRunsCollapseToOneSpace(_ example: Case) {
        #expect(HTMLText.collapsingWhitespace(example.html) == example.text)
    }
}

/// A summary and a content that carry the same HTML are read once; fields with other HTML never take its text.
@Suite struct RepeatedMarkupTests {
    @Test func theSameHTMLTwiceGivesTheSameTextAndOtherHTMLItsOwn() throws {
        let body = "&lt;p&gt;Meta and &lt;b&gt;IBM&lt;/b&gt; launch the AI Alliance&lt;/p&gt;"
        let feed = try parse(
            """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
            <item><guid>1</guid><description>\(body)</description>
            <content:encoded><![CDATA[<p>Meta and <b>IBM</b> launch the AI Alliance</p>]]></content:encoded></item>
            <item><guid>2</guid><description>&lt;p&gt;A&lt;/p&gt;</description>
            <content:encoded><![CDATA[<p>B</p>]]></content:encoded></item>
            <item><guid>3</guid><description>&lt;p&gt;B&lt;/p&gt;</description>
            <content:encoded><![CDATA[<p>Meta and <b>IBM</b> launch the AI Alliance</p>]]></content:encoded></item>
            </channel></rss>
            """)
        #expect(feed.items.map(\.summary) == ["Meta and IBM launch the AI Alliance", "A", "B"])
        #expect(
            feed.items.map(\.content) == [
                "Meta and IBM launch the AI Alliance", "B", "Meta and IBM launch the AI Alliance",
            ])
    }
}
