import ArgumentParser
import Foundation
import VigieDaemon
import VigieFeeds
import VigieFetch
import VigieJSON

/// What `vigie fetch` shows of one fetch: the transfer, and a summary of the parsed feed when there is a body.
struct FetchReport {
    /// The fetch.
    let result: FetchResult
    /// The parsed feed, when a body came back and parses.
    let feed: Feed?
    /// Why the body is not a feed, when it is not.
    let parseError: FeedParseError?

    /// Parses the body, if any, with the final URL as base and the HTTP charset.
    init(result: FetchResult) {
        self.result = result
        guard case .fetched(let body) = result.outcome else {
            feed = nil
            parseError = nil
            return
        }
        do {
            feed = try FeedParser().parse(body.body, documentURL: result.finalURL, charset: body.charset)
            parseError = nil
        } catch {
            feed = nil
            parseError = error
        }
    }

    /// The outcome's name, as printed.
    var outcomeName: String {
        switch result.outcome {
        case .fetched: return "fetched"
        case .notModified: return "not-modified"
        case .gone: return "gone"
        case .throttled: return "throttled"
        case .failed: return "failed"
        }
    }

    /// The exit status to end with, `nil` for success.
    var exitStatus: ExitCode? {
        switch result.outcome {
        case .fetched: return parseError == nil ? nil : ExitStatus.dataError.code
        case .notModified: return nil
        case .gone, .throttled, .failed: return ExitStatus.unavailable.code
        }
    }

    private var validators: Validators? {
        switch result.outcome {
        case .fetched(let body): return body.validators
        case .notModified(let validators): return validators
        default: return nil
        }
    }

    /// The readable report, ending with a newline.
    var text: String {
        var lines: [String] = []
        lines.append("url:          \(result.request.url)")
        if result.finalURL != result.request.url { lines.append("final url:    \(result.finalURL)") }
        lines.append("outcome:      \(outcomeName) (HTTP \(result.status))")
        switch result.outcome {
        case .failed(let error): lines.append("error:        \(error.code): \(error)")
        case .throttled(let notBefore, _):
            lines.append("retry after:  \(notBefore.map(DateParser.rfc3339) ?? "(not said)")")
        case .gone: lines.append("note:         the feed is gone (410): stop polling it")
        default: break
        }
        if let moved = result.movedPermanently { lines.append("moved to:     \(moved) (permanent: update the URL)") }
        if let validators {
            lines.append("etag:         \(validators.etag ?? "-")")
            lines.append("last-modified: \(validators.lastModified ?? "-")")
        }
        if case .fetched(let body) = result.outcome {
            lines.append("content-type: \(body.contentType ?? "-")\(body.charset.map { "; charset=\($0)" } ?? "")")
        }
        if let maxAge = result.maxAge { lines.append("max-age:      \(Int(maxAge)) s") }
        lines.append("bytes:        \(result.bytesReceived)")
        let timings = result.timings
        lines.append(
            String(
                format: "timings:      dns %.3f s, connect %.3f s, tls %.3f s, first byte %.3f s, total %.3f s",
                timings.dns, timings.connect, timings.tls, timings.firstByte, timings.total))
        if let feed {
            lines.append("feed:         \(feed.format.rawValue), \"\(feed.title ?? "")\", \(feed.items.count) items")
            lines.append(contentsOf: feed.warnings.map { "  ! \($0)" })
            for item in feed.items.prefix(10) {
                lines.append("  - \(item.title ?? "(untitled)")  \(item.link ?? item.id)")
            }
            if feed.items.count > 10 { lines.append("  … \(feed.items.count - 10) more") }
        }
        if let parseError { lines.append("parse:        \(parseError.message)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as one JSON object.
    var json: JSONValue {
        var error = JSONValue.null
        var notBefore = JSONValue.null
        if case .failed(let failure) = result.outcome {
            error = .object([
                ("code", .string(failure.code.name)), ("message", .string(failure.description)),
                ("curl", .int(failure.curlCode)),
            ])
        }
        if case .throttled(let date, _) = result.outcome { notBefore = .optional(date.map(DateParser.rfc3339)) }
        var body: FetchedBody?
        if case .fetched(let fetched) = result.outcome { body = fetched }
        let timings = result.timings
        return .object([
            ("url", .string(result.request.url)),
            ("final_url", .string(result.finalURL)),
            ("outcome", .string(outcomeName)),
            ("status", .int(result.status)),
            ("error", error),
            ("not_before", notBefore),
            ("moved_permanently", .optional(result.movedPermanently)),
            ("max_age", result.maxAge.map { .int(Int($0)) } ?? .null),
            ("etag", .optional(validators?.etag)),
            ("last_modified", .optional(validators?.lastModified)),
            ("content_type", .optional(body?.contentType)),
            ("charset", .optional(body?.charset)),
            ("bytes", .int(result.bytesReceived)),
            (
                "timings",
                .object([
                    ("dns", .double(timings.dns)), ("connect", .double(timings.connect)),
                    ("tls", .double(timings.tls)), ("first_byte", .double(timings.firstByte)),
                    ("total", .double(timings.total)),
                ])
            ),
            (
                "feed",
                feed.map {
                    .object([
                        ("format", .string($0.format.rawValue)), ("title", .optional($0.title)),
                        ("items", .int($0.items.count)), ("warnings", .array($0.warnings.map(JSONValue.string))),
                    ])
                } ?? .null
            ),
            ("parse_error", .optional(parseError?.message)),
        ])
    }
}
