import Foundation
import Testing
import VigieSync
import VigieTestSupport

@testable import VigieFetch

/// `admit`: a consumer on another thread holds new transfers back while it catches up.
@Suite struct AdmissionTests {
    /// Waits up to 10 s for `condition`.
    func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    @Test func noTransferStartsWhileRefusedAndEverythingCompletesAfter() throws {
        let server = try FixtureServer()
        let requests = (1...8).map { FetchRequest(url: server.url("/delay?ms=50&id=adm\($0)")) }
        let fetcher = MultiFetcher(options: FetchOptions(concurrency: 2, perHost: 2, timeout: 10))
        let open = Locked(true)
        let results = Locked<[FetchResult]>([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            fetcher.fetch(requests, admit: { open.withLock { $0 } }) { result in
                let count = results.withLock { results in
                    results.append(result)
                    return results.count
                }
                // The consumer falls behind after three results.
                if count == 3 { open.withLock { $0 = false } }
            }
            done.signal()
        }.start()

        #expect(eventually { results.withLock { $0.count } >= 3 })
        // The transfer running when the gate closed may still finish; then nothing, for half a second.
        Thread.sleep(forTimeInterval: 0.3)
        let held = results.withLock { $0.count }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(results.withLock { $0.count } == held)
        #expect((3...4).contains(held))
        #expect(try requestCounts(server).total == held, "a transfer started while admission was refused")

        open.withLock { $0 = true }
        #expect(done.wait(timeout: .now() + 10) == .success)
        let all = results.withLock { $0 }
        #expect(all.count == 8)
        #expect(all.allSatisfy { $0.outcome.body != nil })
        #expect(Set(all.map(\.request.url)) == Set(requests.map(\.url)))
        #expect(try requestCounts(server).total == 8)
    }

    @Test func aFetcherWaitingForAdmissionStaysCancellable() throws {
        let server = try FixtureServer()
        let requests = (1...3).map { FetchRequest(url: server.url("/feed?id=never\($0)")) }
        let fetcher = MultiFetcher(options: quickOptions)
        let ticks = Locked(0)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { fetcher.cancel() }
        let start = ContinuousClock.now
        var results: [FetchResult] = []
        fetcher.fetch(
            requests, onTick: { ticks.withLock { $0 += 1 } }, admit: { false }, onResult: { results.append($0) })
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0.outcome.error?.code == .cancelled })
        // It waited in steps of at most 50 ms, ticking each time.
        #expect(ticks.withLock { $0 } >= 4)
        #expect(try requestCounts(server).total == 0)
    }
}
