import ArgumentParser
import Foundation
import VigieFetch

/// `vigie fetch-bench`: one fetch cycle over a list of URLs, timed, for `Tools/bench-fetch.py` (hidden from help).
struct FetchBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch-bench",
        abstract: "Fetch every URL of a file once over the multi fetcher and print one JSON line (benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "Transfers in flight at once.")
    var concurrency = 32

    @Option(help: "Transfers in flight per host.")
    var perHost = 2

    @Option(help: "A JSON file of validators per URL: read before (conditional GET), written after.")
    var validators: String?

    @Argument(help: "A file with one URL per line.")
    var urlFile: String

    func run() throws {
        let urls = String(decoding: try InputFile.read(urlFile), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var stored: [String: [String: String]] = [:]
        if let validators, let data = FileManager.default.contents(atPath: validators) {
            stored = (try? JSONDecoder().decode([String: [String: String]].self, from: data)) ?? [:]
        }
        let requests = urls.map {
            FetchRequest(url: $0, etag: stored[$0]?["etag"], lastModified: stored[$0]?["last_modified"])
        }
        var ok = 0
        var notModified = 0
        var failed = 0
        var bodyBytes = 0
        let fetcher = MultiFetcher(options: FetchOptions(concurrency: concurrency, perHost: perHost))
        let start = ContinuousClock.now
        fetcher.fetch(requests) { result in
            bodyBytes += result.bytesReceived
            switch result.outcome {
            case .fetched(let body):
                ok += 1
                var entry: [String: String] = [:]
                entry["etag"] = body.validators.etag
                entry["last_modified"] = body.validators.lastModified
                stored[result.request.url] = entry
            case .notModified: notModified += 1
            default: failed += 1
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if let validators {
            try JSONEncoder().encode(stored).write(to: URL(fileURLWithPath: validators))
        }
        print(
            #"{"urls":\#(urls.count),"ok":\#(ok),"not_modified":\#(notModified),"failed":\#(failed),"seconds":\#(seconds),"body_bytes":\#(bodyBytes)}"#
        )
    }
}
