import Foundation
import Testing
import VigieTestSupport

@testable import VigieFeeds

/// Hostile documents beyond ``FeedSafetyTests`` (issue 6): parameter entities, a 100 MB text node, 200,000 items,
/// a 10 MB title, broken encodings in every field, and documents that are not feeds at all. Each case has an exact
/// outcome and a time bound; the memory of the big cases is measured in a child process (`vigie parse`).
@Suite struct HostileDocumentTests {
    /// Parses `bytes` with the default limits and returns the outcome and the time it took.
    private func timed(_ bytes: [UInt8]) -> (Result<Feed, FeedParseError>, Duration) {
        let start = ContinuousClock.now
        let result: Result<Feed, FeedParseError>
        do {
            result = .success(try FeedParser().parse(bytes))
        } catch {
            result = .failure(error)
        }
        return (result, ContinuousClock.now - start)
    }

    // MARK: - Entities

    /// Internal parameter entities are plain XML (the document declares them itself): expanded, nothing fetched.
    @Test func internalParameterEntitiesAreExpandedLikeAnyInternalDeclaration() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY % decl "<!ENTITY injected 'INJECTED'>"> %decl;]>
            <rss version="2.0"><channel><title>[&injected;]</title><item><title>x</title></item></channel></rss>
            """)
        #expect(feed.title == "[INJECTED]")
        #expect(feed.items.map(\.title) == ["x"])
    }

    /// XML forbids parameter-entity references inside declarations of the internal subset, and the external subset is
    /// never read: a parameter-entity bomb defines nothing, and the feed is read without it.
    @Test func parameterEntityBillionLaughsDefinesNothing() throws {
        var declarations = #"<!ENTITY % l0 "lol">"#
        for level in 1...9 {
            declarations += "<!ENTITY % l\(level) \"" + String(repeating: "%l\(level - 1);", count: 10) + "\">"
        }
        let document =
            "<!DOCTYPE rss [\(declarations)<!ENTITY boom \"%l9;\">]>"
            + "<rss version=\"2.0\"><channel><title>&boom;</title><item><title>x</title></item></channel></rss>"
        let (result, elapsed) = timed(Array(document.utf8))
        #expect(elapsed < CPUBudget.of(.seconds(5)))
        let feed = try result.get()
        #expect(feed.title == nil)
        #expect(feed.items.map(\.title) == ["x"])
        #expect(feed.warnings.count == 10)
        #expect(feed.warnings.allSatisfy { $0.hasSuffix(": PEReferences forbidden in internal subset") })
    }

    // MARK: - Size

    @Test func aHundredMegabyteTextNodeIsRefusedBeforeParsing() throws {
        let head = Array("<rss version=\"2.0\"><channel><item><title>".utf8)
        let tail = Array("</title></item></channel></rss>".utf8)
        let document = head + [UInt8](repeating: UInt8(ascii: "a"), count: 100 << 20) + tail
        let (result, elapsed) = timed(document)
        #expect(elapsed < CPUBudget.of(.seconds(2)))
        guard case .failure(let error) = result else {
            Issue.record("a 100 MB document parsed")
            return
        }
        #expect(error.code == .limitExceeded)
        #expect(error.message == "the document is \(document.count) bytes, over the limit of \(64 << 20)")
    }

    @Test func aSixtyMegabyteTextNodeUnderTheDocumentLimitIsCutAtOneMebibyte() throws {
        let head = Array("<rss version=\"2.0\"><channel><title>T</title><item><title>".utf8)
        let tail = Array("</title><guid>g</guid></item></channel></rss>".utf8)
        let document = head + [UInt8](repeating: UInt8(ascii: "a"), count: 60 << 20) + tail
        let (result, elapsed) = timed(document)
        #expect(elapsed < CPUBudget.of(.seconds(30)), "took \(elapsed)")
        let feed = try result.get()
        #expect(feed.items.count == 1)
        #expect(feed.items.first?.title?.utf8.count == 1 << 20)
        #expect(feed.warnings == ["item 1: a field was longer than 1048576 bytes and was cut short"])
    }

    @Test func aTenMegabyteTitleIsCutAtTheFieldLimitWithAWarning() throws {
        let title = String(repeating: "é", count: 5 << 20)
        let document =
            "<rss version=\"2.0\"><channel><item><title>\(title)</title><guid>g</guid></item></channel></rss>"
        let (result, elapsed) = timed(Array(document.utf8))
        #expect(elapsed < CPUBudget.of(.seconds(10)), "took \(elapsed)")
        let feed = try result.get()
        #expect(feed.items.first?.title == String(repeating: "é", count: 1 << 19))
        #expect(feed.warnings == ["item 1: a field was longer than 1048576 bytes and was cut short"])
    }

    @Test func twoHundredThousandItemsKeepTheFirstHundredThousandWithAWarning() throws {
        var document = "<rss version=\"2.0\"><channel><title>Many</title>"
        document.reserveCapacity(200_000 * 40)
        for index in 1...200_000 { document += "<item><guid>\(index)</guid></item>" }
        document += "</channel></rss>"
        let (result, elapsed) = timed(Array(document.utf8))
        #expect(elapsed < CPUBudget.of(.seconds(30)), "took \(elapsed)")
        let feed = try result.get()
        #expect(feed.items.count == 100_000)
        #expect(feed.items.first?.id == "1")
        #expect(feed.items.last?.id == "100000")
        #expect(feed.warnings == ["the feed has more than 100000 items; the rest were skipped"])
    }

    @Test func twoHundredThousandJSONFeedItemsKeepTheFirstHundredThousand() throws {
        let items = (1...200_000).map { #"{"id":"\#($0)","content_text":"x"}"# }.joined(separator: ",")
        let document = #"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":["# + items + "]}"
        let (result, elapsed) = timed(Array(document.utf8))
        #expect(elapsed < CPUBudget.of(.seconds(30)), "took \(elapsed)")
        let feed = try result.get()
        #expect(feed.items.count == 100_000)
        #expect(feed.items.last?.id == "100000")
        #expect(feed.warnings == ["the feed has more than 100000 items; the rest were skipped"])
    }

    // MARK: - Broken encodings

    @Test func invalidUTF8AndNULBytesInEveryFieldAreRecovered() throws {
        // Every field carries a lone continuation byte (0x80), a truncated sequence (0xC3 then ASCII), 0xFF, and NUL.
        let bad: [UInt8] = [0x80, 0xC3, 0x41, 0xFF, 0x00, 0x42]
        func field(_ name: String, _ text: String) -> [UInt8] {
            Array("<\(name)>\(text)".utf8) + bad + Array("</\(name)>".utf8)
        }
        var document = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>".utf8)
        document += field("title", "T") + field("link", "https://a.example/") + field("description", "D")
        document += Array("<item>".utf8) + field("title", "t") + field("link", "https://a.example/i")
        document += field("guid", "g") + field("description", "d") + field("author", "a") + field("category", "c")
        document += field("pubDate", "Wed, 06 Dec 2023 17:30:00 +0100")
        document += Array("</item></channel></rss>".utf8)
        let (result, elapsed) = timed(document)
        #expect(elapsed < CPUBudget.of(.seconds(2)))
        let feed = try result.get()
        let item = try #require(feed.items.first)
        // Invalid UTF-8 is read as Windows-1252 (0x80 is €, 0xC3 is Ã, 0xFF is ÿ); NUL is removed.
        #expect(feed.title == "T€ÃAÿB")
        #expect(item.title == "t€ÃAÿB")
        #expect(item.id == "g€ÃAÿB")
        #expect(item.summary == "d€ÃAÿB")
        #expect(item.categories == ["c€ÃAÿB"])
        #expect(!feed.warnings.isEmpty)
        let everything = [feed.title, item.title, item.id, item.summary, item.link].compactMap { $0 }.joined()
        #expect(!everything.unicodeScalars.contains { $0.value == 0 })
    }

    @Test func unpairedUTF16SurrogatesBecomeReplacementCharacters() throws {
        var units: [UInt16] = [0xFEFF]
        func add(_ text: String) { units += Array(text.utf16) }
        add("<rss version=\"2.0\"><channel><title>A")
        units.append(0xD800)
        add("B</title><item><title>C")
        units.append(0xDC00)
        add("D</title><guid>E")
        units += [0xDBFF, 0xDBFF]
        add("F</guid></item></channel></rss>")
        let bytes = units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let feed = try FeedParser().parse(bytes)
        #expect(feed.title == "A\u{FFFD}B")
        #expect(feed.items.first?.title == "C\u{FFFD}D")
        #expect(feed.items.first?.id == "E\u{FFFD}\u{FFFD}F")
    }

    @Test func surrogateCodePointsWrittenAsReferencesOrAsUTF8AreNotPassedThrough() throws {
        // &#xD800; is not an XML character; ED A0 80 is a UTF-8-encoded surrogate, which is invalid UTF-8.
        let document =
            Array("<rss version=\"2.0\"><channel><title>A&#xD800;B</title><item><title>C".utf8) + [0xED, 0xA0, 0x80]
            + Array("D</title><guid>g</guid></item></channel></rss>".utf8)
        let feed = try FeedParser().parse(document)
        #expect(
            feed.warnings == [
                "the bytes are not UTF-8; decoded as windows-1252",
                "line 1, column 45: xmlParseCharRef: invalid xmlChar value 55296",
            ])
        #expect(feed.title == "AB")
        let texts = [feed.title, feed.items.first?.title].compactMap { $0 }
        #expect(texts.count == 2)
        for text in texts {
            #expect(!text.unicodeScalars.contains { (0xD800...0xDFFF).contains($0.value) })
            #expect(String(decoding: Array(text.utf8), as: UTF8.self) == text)
        }
        // ED A0 80 read as Windows-1252 is "í", a no-break space (a plain space in a title) and "€".
        #expect(feed.items.first?.title == "C\u{ED} \u{20AC}D")
    }

    // MARK: - Not feeds

    @Test func anHTMLPageIsRefusedAsHTML() throws {
        let pages = [
            "<!doctype html><html lang=\"en\"><head><title>x</title></head><body><p>hi</p></body></html>",
            "<HTML><BODY>shouting</BODY></HTML>",
            "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>",
        ]
        for page in pages {
            let error = try #require(parseError(Array(page.utf8)), "\(page)")
            #expect(error.code == .htmlPage, "\(page)")
            #expect(error.message == "not a feed: this is an HTML page, and it announces no feed", "\(page)")
        }
    }

    @Test func jsonThatIsNotAJSONFeedIsRefusedWithAReason() throws {
        let cases: [(String, FeedParseError.Code)] = [
            (#"{"hello": "world"}"#, .notAFeed),
            (#"{"version": "https://jsonfeed.org/version/1.1", "items": 3}"#, .unreadable),
            (#"[{"id": 1}]"#, .unreadable),
            (#"{"unterminated": "#, .unreadable),
        ]
        for (document, code) in cases {
            let error = try #require(parseError(Array(document.utf8)), "\(document)")
            #expect(error.code == code, "\(document): \(error.message)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func anImageIsUnreadable() throws {
        // A complete 1x1 PNG, and the first bytes of a GIF and a JPEG.
        let png: [UInt8] = [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
            0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
            0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
            0x42, 0x60, 0x82,
        ]
        let gif = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01]
        for image in [png, gif, jpeg] {
            let error = try #require(parseError(image))
            #expect(error.code == .unreadable, "\(error.message)")
            #expect(error.message.hasPrefix("not a feed: "), "\(error.message)")
        }
    }

    @Test func emptyDocumentsInEveryEncodingAreEmpty() throws {
        let documents: [[UInt8]] = [
            [], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x20, 0x00, 0x0A, 0x00], [0x00],
            [0x00, 0x00, 0x00],
        ]
        for document in documents {
            let error = try #require(parseError(document), "\(document)")
            #expect(error.code == .empty, "\(document): \(error.message)")
            #expect(error.message == "the document is empty")
        }
    }

    // MARK: - Memory, measured in a child process

    /// The peak resident memory, in bytes, of `vigie parse FILE` run as a child (python3 reads it from
    /// `getrusage(RUSAGE_CHILDREN)`), and the child's exit status.
    private func peakMemoryOfParse(_ file: String) throws -> (bytes: Int, status: Int) {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let vigie = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("vigie").path
        #expect(FileManager.default.isExecutableFile(atPath: vigie), "build the vigie executable first: \(vigie)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                + "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
                + "r.returncode)",
            vigie, "parse", file,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        return (fields.first.map { $0 * 1024 } ?? -1, fields.last ?? -1)
    }

    /// Measures the memory of a child `vigie parse`: meaningless under a sanitizer (the child is instrumented too,
    /// and ASan's shadow memory alone exceeds the bound), so `Tools/sanitize.sh` turns it off.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["VIGIE_UNDER_SANITIZER"] != nil))
    func bigTextNodesCostAtMostOneCopyOfTheDocument() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, textBytes: Int) throws -> (String, Int) {
            var document = Data("<rss version=\"2.0\"><channel><title>T</title><item><title>".utf8)
            document.append(Data(repeating: UInt8(ascii: "a"), count: textBytes))
            document.append(Data("</title><guid>g</guid></item></channel></rss>".utf8))
            let path = folder.appendingPathComponent(name).path
            try document.write(to: URL(fileURLWithPath: path))
            return (path, document.count)
        }
        let (small, _) = try write("small.xml", textBytes: 10)
        let (sixty, sixtySize) = try write("sixty.xml", textBytes: 60 << 20)
        let (hundred, hundredSize) = try write("hundred.xml", textBytes: 100 << 20)
        let baseline = try peakMemoryOfParse(small)
        let under = try peakMemoryOfParse(sixty)
        let over = try peakMemoryOfParse(hundred)
        print("hostile-document peak RSS: baseline \(baseline.bytes), 60 MiB \(under.bytes), 100 MiB \(over.bytes)")
        #expect(baseline.status == 0)
        #expect(under.status == 0)
        #expect(over.status == 65)
        // Refused by size: the bytes read (with the array's growth slack) and nothing more.
        #expect(over.bytes - baseline.bytes < hundredSize + (48 << 20))
        // Parsed and cut at 1 MiB: the bytes read plus one working copy, never the text node again.
        #expect(under.bytes - baseline.bytes < 2 * sixtySize + (32 << 20))
    }
}
