import CCurl
import Foundation
import Synchronization

/// Fetches many feeds at once over one libcurl multi handle, from one event loop — not a thread per feed.
///
/// At most ``FetchOptions/concurrency`` transfers are in flight, and at most ``FetchOptions/perHost`` to any one
/// host; the rest wait their turn in request order, host by host, so one slow host never holds up the others.
/// Connections are reused and HTTP/2 multiplexed where the server offers it. Every limit of ``FetchOptions``
/// applies to each transfer; a failure is a ``FetchOutcome/failed(_:)`` result, never a thrown error, so one bad
/// feed never stops the others.
///
/// ``fetch(_:onTick:admit:onResult:)`` runs the loop on the calling thread and must not be called concurrently on
/// one fetcher; ``cancel()`` may be called from any thread (a signal handler's task, a shutdown path).
public final class MultiFetcher: @unchecked Sendable {
    /// The options every transfer uses.
    public let options: FetchOptions
    private let multi = MultiHandle()
    private let cancelled = Atomic<Bool>(false)

    /// Creates a fetcher.
    public init(options: FetchOptions = FetchOptions()) {
        self.options = options
        multi.setMaxConnectionCache(max(options.concurrency * 2, 8))
    }

    /// Stops the fetcher: transfers in flight are aborted and waiting ones never start; each gets a
    /// ``FetchError/Code/cancelled`` result. The fetcher fetches nothing after this.
    public func cancel() {
        cancelled.store(true, ordering: .sequentiallyConsistent)
        multi.wakeUp()
    }

    /// Fetches every request once, calling `onResult` (on this thread) as each one finishes.
    ///
    /// Each request is a transfer of its own, even when another has the same URL; its result carries it back
    /// (``FetchResult/request``, with its ``FetchRequest/feedID``).
    ///
    /// `onTick`, if given, is called on this thread at least once a second while transfers run: the daemon pings
    /// systemd's watchdog from it, so the watchdog hears from the loop that does the work.
    ///
    /// `admit`, if given, is admission control for a consumer that processes results on another thread and must
    /// not fall behind without bound: it is asked (on this thread) before every attempt to start a transfer, and
    /// while it answers false no new transfer starts. Transfers already running are still serviced and their
    /// results delivered; the loop re-asks at least every 50 ms, so a consumer that catches up is noticed at once;
    /// when nothing runs and `admit` says no, the loop waits in steps of at most 50 ms, still calling `onTick` and
    /// still stopped at once by ``cancel()`` (the requests not started then get a cancelled result). `admit` must
    /// be cheap (read a counter) and must not call back into the fetcher.
    public func fetch(
        _ requests: [FetchRequest], onTick: (() -> Void)? = nil, admit: (() -> Bool)? = nil,
        onResult: (FetchResult) -> Void
    ) {
        run(requests, onTick: onTick, admit: admit) { _, result in onResult(result) }
    }

    /// Fetches every request once; the results come in request order, the `n`th answering the `n`th request
    /// (whatever their URLs and feed IDs).
    public func fetch(_ requests: [FetchRequest]) -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: requests.count)
        run(requests, onTick: nil, admit: nil) { index, result in results[index] = result }
        return results.map { $0! }
    }

    /// The event loop: `onResult` gets each result with the index of its request in `requests`.
    private func run(
        _ requests: [FetchRequest], onTick: (() -> Void)?, admit: (() -> Bool)?,
        onResult: (Int, FetchResult) -> Void
    ) {
        var queue = HostQueues<Int>(perHost: max(options.perHost, 1))
        for (index, request) in requests.enumerated() { queue.enqueue(index, host: Self.hostKey(request.url)) }
        var active: [UnsafeMutableRawPointer: (index: Int, easy: EasyHandle)] = [:]
        let limit = max(options.concurrency, 1)

        while !queue.isEmpty || !active.isEmpty {
            if cancelled.load(ordering: .sequentiallyConsistent) {
                for (index, easy) in active.values {
                    multi.remove(easy)
                    queue.finished(host: easy.hostKey)
                    onResult(index, cancelledResult(easy.request))
                }
                active.removeAll()
                for index in queue.drain() { onResult(index, cancelledResult(requests[index])) }
                return
            }
            var refused = false
            while active.count < limit, !queue.isEmpty {
                if let admit, !admit() {
                    refused = true
                    break
                }
                guard let (index, host) = queue.next() else { break }
                let request = requests[index]
                do throws(FetchError) {
                    let easy = try EasyHandle(request: request, options: options, hostKey: host)
                    guard multi.add(easy) else {
                        throw FetchError(code: .transport, url: request.url, reason: "libcurl would not start it")
                    }
                    active[easy.pointer] = (index, easy)
                } catch {
                    queue.finished(host: host)
                    onResult(index, failedResult(request, error))
                }
            }
            _ = multi.perform()
            var finishedAny = false
            while let (pointer, code) = multi.nextFinished() {
                guard let (index, easy) = active.removeValue(forKey: pointer) else { continue }
                multi.remove(easy)
                queue.finished(host: easy.hostKey)
                onResult(index, result(of: easy, code: code, now: Date()))
                finishedAny = true
            }
            onTick?()
            if refused {
                // Waiting for the consumer: service the running transfers (or just wait) in short steps.
                multi.poll(milliseconds: Self.admissionStep)
            } else if !active.isEmpty && !(finishedAny && !queue.isEmpty) {
                // Freed slots are refilled at once; only a loop that changed nothing waits for sockets or timers.
                multi.poll(milliseconds: 1000)
            }
        }
    }

    /// How long the loop waits, at most, before asking `admit` again after a refusal, in milliseconds.
    static let admissionStep = 50

    /// The key transfers are counted under for the per-host limit: scheme, host and port, lower-cased.
    static func hostKey(_ url: String) -> String {
        let lowered = url.lowercased()
        guard let schemeEnd = lowered.range(of: "://") else { return lowered }
        let rest = lowered[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        return String(lowered[..<schemeEnd.upperBound]) + host
    }

    // MARK: - Results

    private func cancelledResult(_ request: FetchRequest) -> FetchResult {
        failedResult(request, FetchError(code: .cancelled, url: request.url, reason: "stopped: Vigie is shutting down"))
    }

    private func failedResult(_ request: FetchRequest, _ error: FetchError) -> FetchResult {
        FetchResult(
            request: request, outcome: .failed(error), status: 0, finalURL: request.url, movedPermanently: nil,
            maxAge: nil, timings: FetchTimings(), bytesReceived: 0)
    }

    private func result(of easy: EasyHandle, code: CURLcode, now: Date) -> FetchResult {
        let request = easy.request
        let status = easy.info(CURLINFO_RESPONSE_CODE)
        let finalURL = easy.stringInfo(CURLINFO_EFFECTIVE_URL) ?? request.url
        let headers = easy.headers
        var result = FetchResult(
            request: request, outcome: .gone, status: status, finalURL: finalURL,
            movedPermanently: headers.redirectsWerePermanent && finalURL != request.url ? finalURL : nil,
            maxAge: headers.maxAge, timings: easy.timings, bytesReceived: easy.body.count)
        guard code == CURLE_OK else {
            result.outcome = .failed(transportError(easy, code: code))
            return result
        }
        switch status {
        case 0, 200..<300:
            // 0: a file: URL, which has no status.
            result.outcome = .fetched(
                FetchedBody(
                    body: easy.body, charset: headers.charset, contentType: headers.contentType,
                    validators: headers.validators))
        case 304:
            result.outcome = .notModified(headers.validators)
        case 410:
            result.outcome = .gone
        case 429, 503:
            result.outcome = .throttled(notBefore: headers.retryAfter(now: now), status: status)
        default:
            let place = finalURL == request.url ? "" : " from \(finalURL)"
            result.outcome = .failed(FetchError(code: .httpStatus, url: request.url, reason: "HTTP \(status)\(place)"))
        }
        return result
    }

    private func transportError(_ easy: EasyHandle, code: CURLcode) -> FetchError {
        let url = easy.request.url
        let detail = easy.errorMessage ?? String(cString: curl_easy_strerror(code))
        let curlCode = Int(code.rawValue)
        func error(_ kind: FetchError.Code, _ reason: String) -> FetchError {
            FetchError(code: kind, url: url, reason: reason, curlCode: curlCode)
        }
        if easy.bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return error(.tooLarge, "the body is larger than the limit of \(options.maxBody) bytes; stopped")
        }
        if easy.tooManyHeaders {
            return error(.transport, "more than \(EasyHandle.maxHeaderLines) header lines; stopped")
        }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return error(.dns, "host not found: \(detail)")
        case CURLE_COULDNT_CONNECT: return error(.connect, "connection failed: \(detail)")
        case CURLE_OPERATION_TIMEDOUT: return error(.timeout, "timed out: \(detail)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return error(.tls, "TLS failed: \(detail)")
        case CURLE_TOO_MANY_REDIRECTS: return error(.tooManyRedirects, "more than \(options.maxRedirects) redirects")
        case CURLE_UNSUPPORTED_PROTOCOL:
            if easy.headers.statuses.contains(where: { (300..<400).contains($0) }) {
                let target = easy.headers.fields["location"].map { " to \($0)" } ?? ""
                return error(.redirectRefused, "refused a redirect\(target): only http and https are followed")
            }
            return error(.badURL, "unsupported URL scheme: \(detail)")
        case CURLE_URL_MALFORMAT: return error(.badURL, "malformed URL: \(detail)")
        default: return error(.transport, detail)
        }
    }
}
