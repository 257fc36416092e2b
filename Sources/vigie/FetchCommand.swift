import ArgumentParser
import Foundation
import VigieFeeds
import VigieFetch
import VigieJSON

/// `vigie fetch`: fetch one feed once, exactly as the daemon would, and show everything about the transfer.
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one feed once and print status, timings, validators and a parse summary.",
        discussion: """
            The transfer uses the daemon's fetcher with its default limits (or the ones given here). Exit status: \
            0 when the feed was fetched and parsed, or answered 304; 65 when the body is not a feed; 69 when the \
            fetch failed, the feed is gone (410) or the server asks to wait (429/503).
            """
    )

    @Argument(help: "The feed URL (http, https, or file).")
    var url: String

    @Option(help: "An entity tag from a previous fetch, sent as If-None-Match.")
    var etag: String?

    @Option(help: "A Last-Modified value from a previous fetch, sent as If-Modified-Since.")
    var lastModified: String?

    @Option(name: .customLong("header"), help: "An extra request header, \"Name: value\" (repeatable).")
    var headers: [String] = []

    @Option(help: "The User-Agent to send.")
    var userAgent: String?

    @Option(help: "Give up on the whole transfer after this many seconds.")
    var timeout: Double = 60

    @Option(help: "The largest body accepted, in bytes after decompression.")
    var maxBody: Int = 10 << 20

    @Option(help: "An extra CA bundle (PEM) to trust.")
    var caFile: String?

    @Flag(help: "Print one JSON object instead of a readable report.")
    var json = false

    func run() throws {
        var pairs: [(String, String)] = []
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw ValidationError("--header needs \"Name: value\", got \"\(header)\"")
            }
            pairs.append(
                (String(header[..<colon]), header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var options = FetchOptions(timeout: timeout, maxBody: maxBody, caFile: caFile)
        if let userAgent { options.userAgent = userAgent }
        let request = FetchRequest(url: url, etag: etag, lastModified: lastModified, headers: pairs)
        let result = MultiFetcher(options: options).fetch([request])[0]
        let report = FetchReport(result: result)
        if json {
            print(report.json.serialized)
        } else {
            print(report.text, terminator: "")
        }
        if let status = report.exitStatus { throw status }
    }
}
