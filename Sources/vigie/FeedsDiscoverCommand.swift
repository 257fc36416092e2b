import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieFeeds
import VigieFetch
import VigieJSON

/// `vigie feeds discover`: the feeds a web page announces, and those at the usual paths of its site, each checked
/// by parsing it and printed as a `[[feed]]` table ready for `vigie.toml`.
struct FeedsDiscoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Print the feeds a web page announces or its site serves at the usual paths, as [[feed]] tables.",
        discussion: """
            Fetches URL. When it is a feed, prints it alone. Otherwise tries the feeds the page announces with \
            <link rel="alternate"> (RSS, Atom, JSON Feed), then the usual paths of its site (/feed, /feed/, /rss, \
            /rss.xml, /atom.xml, /feed.xml, /index.xml, /feeds/posts/default, /?feed=rss2, and the page's folder \
            followed by feed/), all at once; keeps those that parse as feeds (a web page answered at /feed is not \
            one), each once however many URLs reach it, announced ones first. An announced feed that fails is \
            reported on standard error; a usual path that fails only with --verbose. Exit status: 0 when a feed \
            was found, 1 when none was, 69 when the page itself cannot be fetched, 78 when --config is invalid.
            """
    )

    @Argument(help: "The web page (or feed) URL: http, https, or file.")
    var url: String

    @Option(help: "Take [fetch] settings (user_agent, ca_file, timeouts, max_body) from this configuration file.")
    var config: String?

    @Option(help: "The User-Agent to send (default: the configuration's, else Vigie's).")
    var userAgent: String?

    @Option(help: "Give up on each transfer after this many seconds (default: the configuration's, else 60).")
    var timeout: Double?

    @Flag(help: "One JSON object per feed found: url, title, format, items, announced.")
    var json = false

    @Flag(help: "Also report each usual path that is not a feed, on standard error.")
    var verbose = false

    func run() throws {
        var options = try config.map { try SinksCommand.load($0).fetch } ?? FetchOptions()
        if let userAgent { options.userAgent = userAgent }
        if let timeout { options.timeout = timeout }
        let fetcher = MultiFetcher(options: options)

        let page = fetcher.fetch([FetchRequest(url: url)])[0]
        guard case .fetched(let body) = page.outcome else {
            warn("cannot fetch \(url): \(Self.failure(of: page))")
            throw ExitStatus.unavailable.code
        }
        let parser = FeedParser()
        if let feed = try? parser.parse(body.body, documentURL: page.finalURL, charset: body.charset) {
            output(Found(url: page.movedPermanently ?? url, feed: feed, announced: false), first: true)
            return
        }

        let candidates = FeedDiscovery.candidates(inPage: body.body, pageURL: page.finalURL, charset: body.charset)
        let results = fetcher.fetch(candidates.map { FetchRequest(url: $0.url) })
        var found: [Found] = []
        var reached: Set<String> = []
        for (candidate, result) in zip(candidates, results) {
            let problem: String
            switch Self.feed(in: result, parser: parser) {
            case .success(let feed):
                if reached.insert(result.finalURL).inserted {
                    found.append(
                        Found(url: result.movedPermanently ?? candidate.url, feed: feed, announced: candidate.announced)
                    )
                } else if verbose {
                    warn("tried \(candidate.url): the feed already found at \(result.finalURL)")
                }
                continue
            case .failure(let reason): problem = reason.text
            }
            if candidate.announced {
                warn("announced feed \(candidate.url): \(problem)")
            } else if verbose {
                warn("tried \(candidate.url): \(problem)")
            }
        }
        for (index, feed) in found.enumerated() { output(feed, first: index == 0) }
        if found.isEmpty {
            let announced = candidates.filter(\.announced).count
            let tried = candidates.count - announced
            var what =
                announced == 0 ? "the page announces no feed" : "no feed the page announces could be read (see above)"
            if tried > 0 {
                what += ", and none of the \(tried) usual paths tried on its site is one"
                if !verbose { what += " (--verbose shows each answer)" }
            }
            warn("no feed found for \(url): \(what)")
            throw ExitStatus.noMatch.code
        }
    }

    /// A feed found, and the URL to configure for it.
    private struct Found {
        var url: String
        var feed: Feed
        var announced: Bool
    }

    private func output(_ found: Found, first: Bool) {
        if json {
            let object = JSONValue.object([
                ("url", .string(found.url)), ("title", .optional(found.feed.title)),
                ("format", .string(found.feed.format.rawValue)), ("items", .int(found.feed.items.count)),
                ("announced", .bool(found.announced)),
            ])
            print(object.serialized)
        } else {
            print((first ? "" : "\n") + FeedDiscovery.configTable(url: found.url, feed: found.feed), terminator: "")
        }
    }

    /// The feed a fetch brought, or why there is none (`HTTP 404`, `not a feed: …`).
    private static func feed(in result: FetchResult, parser: FeedParser) -> Result<Feed, Reason> {
        guard case .fetched(let body) = result.outcome else { return .failure(Reason(failure(of: result))) }
        do {
            return .success(try parser.parse(body.body, documentURL: result.finalURL, charset: body.charset))
        } catch {
            let message = error.message
            return .failure(Reason(message.hasPrefix("not a feed") ? message : "not a feed: \(message)"))
        }
    }

    /// Why a fetch brought no body, in a few words.
    private static func failure(of result: FetchResult) -> String {
        switch result.outcome {
        case .fetched: return "fetched"
        case .notModified: return "HTTP 304"
        case .gone: return "HTTP 410 (gone)"
        case .throttled(_, let status): return "HTTP \(status) (the server asks to wait)"
        case .failed(let error): return error.curlCode == 0 ? error.reason : "\(error.reason) (curl \(error.curlCode))"
        }
    }

    private func warn(_ message: String) {
        FileHandle.standardError.write(Data("vigie: \(message)\n".utf8))
    }
}

/// A reason, as an error, for `Result`.
private struct Reason: Error {
    var text: String
    init(_ text: String) { self.text = text }
}
