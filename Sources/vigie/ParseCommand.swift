import ArgumentParser
import Foundation
import VigieDaemon
import VigieFeeds
import VigieSystemd

/// `vigie parse`: parse one feed document and show what Vigie sees in it.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse an RSS, Atom or JSON feed file and print its items.",
        discussion: """
            Exit status: 0 for a feed (even with warnings), 65 when the input is not a feed or cannot be \
            recovered (the reason is printed; for an HTML page, the feeds it announces), 66 when the file is \
            missing or unreadable.
            """
    )

    @Argument(help: "The feed file to read, or - for standard input.")
    var file: String

    @Flag(help: "Print one JSON object instead of a readable summary.")
    var json = false

    @Option(help: "The URL the document came from: the base for relative links.")
    var baseURL: String?

    @Option(help: "The charset the transport declared (as in an HTTP Content-Type), overriding the document's.")
    var charset: String?

    func run() throws {
        let feed = try InputFile.feed(file, documentURL: baseURL, charset: charset)
        if json {
            var output: [UInt8] = []
            output.reserveCapacity(1 << 16)
            feed.json.write(to: &output)
            output.append(UInt8(ascii: "\n"))
            _ = output.withUnsafeBytes { StderrLogHandler.write($0, to: STDOUT_FILENO) }
        } else {
            print(FeedSummary(feed: feed).text, terminator: "")
        }
    }
}
