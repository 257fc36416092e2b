import Foundation
import Testing
import VigieTestSupport

@testable import VigieFetch

/// Results are matched to requests by the request, not by its URL: two configured URLs that permanent redirects
/// turned into one are two feeds, fetched and answered each on its own.
@Suite struct RequestIdentityTests {
    @Test func theFeedIDDefaultsToTheURL() {
        #expect(FetchRequest(url: "https://example.org/feed").feedID == "https://example.org/feed")
        #expect(FetchRequest(url: "https://example.org/feed", feedID: "old").feedID == "old")
        #expect(FetchRequest(url: "u", feedID: "a") != FetchRequest(url: "u", feedID: "b"))
    }

    @Test func twoFeedsWithOneURLAreBothFetchedAndAnsweredInRequestOrder() throws {
        let server = try FixtureServer()
        let url = server.url("/feed?id=converged")
        // The first feed knows the current ETag (a 304), the second does not (a 200): their answers differ, so a
        // mix-up shows. Several pairs, so that completion order differs from request order somewhere.
        let pairs = 8
        let requests = (0..<pairs).flatMap { pair in
            [
                FetchRequest(url: url, feedID: "old-\(pair)", etag: "\"converged-v1\""),
                FetchRequest(url: url, feedID: "new-\(pair)"),
            ]
        }
        let results = MultiFetcher(options: quickOptions).fetch(requests)
        #expect(results.map(\.request.feedID) == requests.map(\.feedID))
        for pair in 0..<pairs {
            #expect(results[2 * pair].status == 304, "old-\(pair)")
            #expect(results[2 * pair + 1].outcome.body != nil, "new-\(pair)")
        }
        #expect(try requestCounts(server).byPath["/feed"] == 2 * pairs)
    }

    @Test func theCallbackDeliversEachRequestsResultWithItsOwnFeedID() throws {
        let server = FixtureServer.shared
        let url = server.url("/delay?ms=20&id=same-url")
        let requests = ["a", "b", "c"].map { FetchRequest(url: url, feedID: $0) }
        var delivered: [String] = []
        MultiFetcher(options: quickOptions).fetch(requests) { result in
            #expect(result.outcome.body != nil)
            delivered.append(result.request.feedID)
        }
        #expect(delivered.sorted() == ["a", "b", "c"])
    }
}
