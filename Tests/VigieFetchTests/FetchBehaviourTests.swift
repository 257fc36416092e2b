import Foundation
import Testing
import VigieTestSupport

@testable import VigieFetch

/// Each behaviour of the fetcher against a real HTTP server on 127.0.0.1 (`Tests/Support/fixture_server.py`).
@Suite struct ConditionalGetTests {
    let server = FixtureServer.shared

    @Test func etagGivesA304AndNoBody() throws {
        let first = fetchOne(server.url("/feed?id=etag-test&lastmod=0"))
        let body = try #require(first.outcome.body)
        #expect(first.status == 200)
        #expect(body.validators == Validators(etag: "\"etag-test-v1\"", lastModified: nil))
        #expect(text(body).contains("<rss"))
        let second = fetchOne(server.url("/feed?id=etag-test&lastmod=0"), etag: body.validators.etag)
        #expect(second.status == 304)
        #expect(second.outcome.notModifiedValidators != nil)
        #expect(second.bytesReceived == 0)
    }

    @Test func lastModifiedGivesA304() throws {
        let first = fetchOne(server.url("/feed?id=lm-test&etag=0"))
        let body = try #require(first.outcome.body)
        let lastModified = try #require(body.validators.lastModified)
        #expect(body.validators.etag == nil)
        let second = fetchOne(server.url("/feed?id=lm-test&etag=0"), lastModified: lastModified)
        #expect(second.status == 304)
        #expect(second.bytesReceived == 0)
    }

    @Test func charsetAndContentTypeComeFromTheHeader() throws {
        let result = fetchOne(server.url("/feed?id=ct&ct=text/xml;%20charset=%22ISO-8859-1%22"))
        let body = try #require(result.outcome.body)
        #expect(body.contentType == "text/xml")
        #expect(body.charset == "ISO-8859-1")
    }
}

/// The server's `/news` feeds, which `Tools/bench-cycle.py` polls by the thousand.
@Suite struct NewsFeedTests {
    let server = FixtureServer.shared

    @Test func aNewsFeedHasTwentyItemsOfHTMLAndAnswers304ToItsETag() throws {
        let first = fetchOne(server.url("/news?id=news-test"))
        let body = try #require(first.outcome.body)
        #expect(first.status == 200)
        let lastModified = "Mon, 01 Jan 2024 00:00:00 GMT"
        #expect(body.validators == Validators(etag: "\"news-news-test-v1-n20\"", lastModified: lastModified))
        #expect(text(body).components(separatedBy: "<item>").count == 21)
        #expect(body.body.count > 20 * 1200)
        #expect(text(body) == text(fetchOne(server.url("/news?id=news-test")).outcome.body))
        let second = fetchOne(server.url("/news?id=news-test"), etag: body.validators.etag)
        #expect(second.status == 304)
        #expect(second.bytesReceived == 0)
    }

    @Test func aBigNewsFeedIsMegabytesAndSomeItemsAreAboutTheAIAlliance() throws {
        var options = quickOptions
        options.maxBody = 16 << 20
        let result = fetchOne(server.url("/news?id=news-big&items=1000"), options: options)
        let body = try #require(result.outcome.body, "\(result.outcome)")
        #expect((2 << 20)...(5 << 20) ~= body.body.count)
        #expect(text(body).components(separatedBy: "<item>").count == 1001)
        #expect(text(body).contains("AI Alliance"))
        #expect(text(body).contains("IBM released a new family of open language models"))
    }
}

@Suite struct CompressionTests {
    let server = FixtureServer.shared

    @Test(arguments: ["/gzip", "/deflate", "/br", "/zstd"])
    func compressedBodiesArriveDecoded(path: String) throws {
        let result = fetchOne(server.url(path))
        let body = try #require(result.outcome.body, "\(result.outcome)")
        #expect(text(body).hasPrefix("<?xml") || text(body).hasPrefix("<rss"))
        #expect(text(body).contains("</rss>"))
    }
}

@Suite struct RedirectTests {
    let server = FixtureServer.shared

    @Test func aChainOfTemporaryRedirectsIsFollowed() throws {
        let result = fetchOne(server.url("/redirect/3"))
        #expect(result.outcome.body != nil)
        #expect(result.finalURL == server.url("/feed"))
        #expect(result.movedPermanently == nil)
    }

    @Test(arguments: ["/permanent", "/permanent308"])
    func aPermanentRedirectIsReported(path: String) throws {
        let result = fetchOne(server.url(path))
        #expect(result.outcome.body != nil)
        #expect(result.movedPermanently == server.url("/feed"))
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/feed", "gopher://127.0.0.1/feed", "dict://127.0.0.1/x"])
    func redirectsToOtherSchemesAreRefused(target: String) throws {
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let result = fetchOne(server.url("/redirect-to?status=302&url=\(encoded)"))
        let error = try #require(result.outcome.error, "\(result.outcome)")
        #expect(error.code == .redirectRefused)
        #expect(error.reason.contains(target))
    }

    @Test func aRedirectLoopStops() throws {
        let error = try #require(fetchOne(server.url("/redirect-loop")).outcome.error)
        #expect(error.code == .tooManyRedirects)
    }

    @Test func aConfiguredFileURLIsRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-fetch-\(UUID()).xml")
        try Data("<rss version=\"2.0\"><channel/></rss>".utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = fetchOne(path.absoluteString)
        #expect(text(result.outcome.body) == "<rss version=\"2.0\"><channel/></rss>")
    }
}

@Suite struct StatusTests {
    let server = FixtureServer.shared

    @Test func goneIsReported() {
        guard case .gone = fetchOne(server.url("/status/410")).outcome else {
            Issue.record("410 not reported as gone")
            return
        }
    }

    @Test func retryAfterInSeconds() throws {
        let before = Date()
        let result = fetchOne(server.url("/retry-after?status=429&seconds=120"))
        guard case .throttled(let notBefore, let status) = result.outcome else {
            Issue.record("429 not reported as throttled: \(result.outcome)")
            return
        }
        #expect(status == 429)
        let delay = try #require(notBefore).timeIntervalSince(before)
        #expect(delay >= 119 && delay <= 125)
    }

    @Test(arguments: [429, 503])
    func retryAfterAsAnHTTPDate(status expected: Int) throws {
        let before = Date()
        let result = fetchOne(server.url("/retry-after?status=\(expected)&date=1"))
        guard case .throttled(let notBefore, let status) = result.outcome else {
            Issue.record("\(expected) not reported as throttled: \(result.outcome)")
            return
        }
        #expect(status == expected)
        let delay = try #require(notBefore).timeIntervalSince(before)
        #expect(delay >= 7200 - 5 && delay <= 7200 + 5)
    }

    @Test(arguments: [404, 500])
    func otherStatusesAreErrorsNamingTheURL(status: Int) throws {
        let url = server.url("/status/\(status)")
        let error = try #require(fetchOne(url).outcome.error)
        #expect(error.code == .httpStatus)
        #expect(error.description == "\(url): HTTP \(status)")
    }
}

@Suite struct FailureTests {
    let server = FixtureServer.shared

    @Test func aServerThatNeverAnswersTimesOutWhileTwentyOthersFinishOnTime() throws {
        let options = FetchOptions(
            concurrency: 32, perHost: 32, connectTimeout: 2, timeout: 3, lowSpeedLimit: 1, lowSpeedTime: 30)
        let requests =
            [FetchRequest(url: server.url("/hang"))]
            + (1...20).map { FetchRequest(url: server.url("/delay?ms=50&id=h\($0)")) }
        let start = ContinuousClock.now
        var finished: [(String, Duration)] = []
        var results: [FetchResult] = []
        MultiFetcher(options: options).fetch(requests) { result in
            finished.append((result.request.url, ContinuousClock.now - start))
            results.append(result)
        }
        #expect(finished.count == 21)
        #expect(finished.last?.0 == server.url("/hang"))
        for (url, elapsed) in finished.dropLast() {
            #expect(elapsed < .seconds(1.5), "\(url) took \(elapsed)")
        }
        let hung = try #require(results.last?.outcome.error)
        #expect(hung.code == .timeout)
        #expect(results.dropLast().allSatisfy { $0.outcome.body != nil })
    }

    @Test func aTricklingServerIsDropped() throws {
        let start = ContinuousClock.now
        let error = try #require(fetchOne(server.url("/trickle?interval=0.5&bytes=1")).outcome.error)
        #expect(error.code == .timeout)
        #expect(ContinuousClock.now - start < .seconds(4))
    }

    @Test func anOversizedBodyIsCutOff() throws {
        let result = fetchOne(server.url("/big?mb=3"))
        let error = try #require(result.outcome.error)
        #expect(error.code == .tooLarge)
        #expect(result.bytesReceived <= 1 << 20)
    }

    @Test func anEndlessBodyIsCutOff() throws {
        let result = fetchOne(server.url("/endless"))
        #expect(result.outcome.error?.code == .tooLarge)
        #expect(result.bytesReceived <= 1 << 20)
    }

    @Test(arguments: ["/gzip-bomb?mb=100", "/br-bomb"])
    func aCompressionBombIsCutOffAfterInflating(path: String) throws {
        let result = fetchOne(server.url(path))
        let error = try #require(result.outcome.error, "\(result.outcome)")
        #expect(error.code == .tooLarge)
        #expect(result.bytesReceived <= 1 << 20)
    }

    @Test func aRefusedConnection() throws {
        // Port 1 on loopback: nothing listens there.
        let error = try #require(fetchOne("http://127.0.0.1:1/feed").outcome.error)
        #expect(error.code == .connect)
        #expect(error.curlCode == 7)
        #expect(error.description.hasPrefix("http://127.0.0.1:1/feed: connection failed"))
    }

    @Test func anUnresolvableHost() throws {
        let error = try #require(fetchOne("http://no-such-host.invalid/feed").outcome.error)
        #expect(error.code == .dns)
        #expect(error.curlCode == 6)
    }

    @Test func aSelfSignedCertificateIsRejected() throws {
        let error = try #require(fetchOne(server.tlsURL("/feed")).outcome.error)
        #expect(error.code == .tls)
    }

    @Test func theSelfSignedCertificateIsAcceptedWhenConfiguredAsCA() throws {
        var options = quickOptions
        options.caFile = FixtureServer.repositoryRoot.appendingPathComponent("Tests/Fixtures/http/selfsigned.pem").path
        let result = fetchOne(server.tlsURL("/feed"), options: options)
        #expect(result.outcome.body != nil, "\(result.outcome)")
        #expect(result.timings.tls > 0)
    }

    @Test func aMalformedURLIsAnError() throws {
        let error = try #require(fetchOne("http://[::1").outcome.error)
        #expect(error.code == .badURL)
    }
}

@Suite struct SchedulingTests {
    @Test func hostKeysIgnoreUserAndPathButKeepPort() {
        #expect(MultiFetcher.hostKey("https://User@Example.org:8443/a?b#c") == "https://example.org:8443")
        #expect(MultiFetcher.hostKey("http://example.org") == "http://example.org")
    }

    @Test func requestsAreHandedOutRoundRobinUnderThePerHostLimit() {
        var queues = HostQueues<FetchRequest>(perHost: 2)
        for index in 1...4 { queues.enqueue(FetchRequest(url: "a\(index)"), host: "a") }
        queues.enqueue(FetchRequest(url: "b1"), host: "b")
        var started: [String] = []
        while let (request, _) = queues.next() { started.append(request.url) }
        #expect(started == ["a1", "b1", "a2"])
        queues.finished(host: "a")
        #expect(queues.next()?.0.url == "a3")
        #expect(queues.next() == nil)
        #expect(!queues.isEmpty)
        #expect(queues.drain().map(\.url) == ["a4"])
        #expect(queues.isEmpty)
    }

    @Test func cancellingStopsEverythingWithACancelledResult() {
        let server = FixtureServer.shared
        let fetcher = MultiFetcher(options: FetchOptions(concurrency: 2, perHost: 2, timeout: 30))
        let requests = (1...6).map { FetchRequest(url: server.url("/hang?n=\($0)")) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { fetcher.cancel() }
        let start = ContinuousClock.now
        let results = fetcher.fetch(requests)
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(results.allSatisfy { $0.outcome.error?.code == .cancelled })
    }
}

@Suite struct RequestHeaderTests {
    let server = FixtureServer.shared

    private func echoedHeaders(_ request: FetchRequest, options: FetchOptions = quickOptions) throws -> [String: String]
    {
        let result = MultiFetcher(options: options).fetch([request])[0]
        let body = try #require(result.outcome.body)
        struct Echo: Decodable { var headers: [[String]] }
        let echo = try JSONDecoder().decode(Echo.self, from: Data(body.body))
        var headers: [String: String] = [:]
        for pair in echo.headers where pair.count == 2 { headers[pair[0].lowercased()] = pair[1] }
        return headers
    }

    @Test func politeDefaults() throws {
        let headers = try echoedHeaders(FetchRequest(url: server.url("/echo")))
        #expect(headers["user-agent"] == FetchOptions.defaultUserAgent)
        #expect(headers["user-agent"]?.hasPrefix("Vigie/\(VigieVersion.current) (+") == true)
        let encodings = Set(
            (headers["accept-encoding"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        #expect(encodings.isSuperset(of: ["gzip", "deflate", "br", "zstd"]))
        #expect(headers["accept"]?.hasPrefix("application/rss+xml") == true)
    }

    @Test func validatorsAndPerFeedHeadersAreSent() throws {
        let request = FetchRequest(
            url: server.url("/echo"), etag: "\"abc\"", lastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
            userAgent: "Custom/1.0", headers: [("Authorization", "Bearer token")])
        let headers = try echoedHeaders(request)
        #expect(headers["if-none-match"] == "\"abc\"")
        #expect(headers["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT")
        #expect(headers["user-agent"] == "Custom/1.0")
        #expect(headers["authorization"] == "Bearer token")
    }

    @Test func timingsAndSizesAreReported() throws {
        let result = fetchOne(server.url("/feed?id=timing"))
        #expect(result.timings.total > 0)
        #expect(result.timings.firstByte > 0 && result.timings.firstByte <= result.timings.total)
        #expect(result.timings.tls == 0)
        #expect(result.bytesReceived == result.outcome.body?.body.count)
    }
}

@Suite struct ConcurrencyLimitTests {
    @Test func perHostLimitHoldsAndOtherHostsProceed() throws {
        let server = FixtureServer.shared
        // Six 300 ms feeds on one host with a limit of 2: three waves, about 0.9 s. A second "host" (localhost
        // instead of 127.0.0.1) is not held up by the first.
        let slow = (1...6).map { FetchRequest(url: server.url("/delay?ms=300&id=slow\($0)")) }
        let other = FetchRequest(url: "http://localhost:\(server.httpPort)/feed?id=other")
        let start = ContinuousClock.now
        var order: [(String, Duration)] = []
        MultiFetcher(options: FetchOptions(concurrency: 32, perHost: 2)).fetch(slow + [other]) { result in
            order.append((result.request.url, ContinuousClock.now - start))
        }
        let total = ContinuousClock.now - start
        #expect(total >= .milliseconds(850))
        #expect(total < .seconds(3))
        #expect(order.first?.0 == other.url)
    }
}
