import Foundation
import VigieFetch
import VigieTestSupport

/// Options with short limits, so failure tests finish in seconds.
let quickOptions = FetchOptions(
    concurrency: 32, perHost: 32, connectTimeout: 2, timeout: 4, lowSpeedLimit: 100, lowSpeedTime: 1,
    maxBody: 1 << 20)

/// Fetches one URL with `options`.
func fetchOne(_ url: String, etag: String? = nil, lastModified: String? = nil, options: FetchOptions = quickOptions)
    -> FetchResult
{
    MultiFetcher(options: options).fetch([FetchRequest(url: url, etag: etag, lastModified: lastModified)])[0]
}

extension FetchOutcome {
    /// The body of a `.fetched` outcome.
    var body: FetchedBody? {
        if case .fetched(let body) = self { return body }
        return nil
    }

    /// The error of a `.failed` outcome.
    var error: FetchError? {
        if case .failed(let error) = self { return error }
        return nil
    }

    /// The validators of a `.notModified` outcome.
    var notModifiedValidators: Validators? {
        if case .notModified(let validators) = self { return validators }
        return nil
    }
}

/// The body as text.
func text(_ body: FetchedBody?) -> String {
    String(decoding: body?.body ?? [], as: UTF8.self)
}

/// How many requests `server` has answered (its `/_stats`, which does not count itself), per path.
func requestCounts(_ server: FixtureServer) throws -> (total: Int, byPath: [String: Int]) {
    struct Stats: Decodable {
        var requests: Int
        var by_path: [String: Int]
    }
    let body = fetchOne(server.url("/_stats")).outcome.body?.body ?? []
    let stats = try JSONDecoder().decode(Stats.self, from: Data(body))
    return (stats.requests, stats.by_path)
}
