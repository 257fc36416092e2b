import Foundation
import VigieFetch

/// The hand-over between the fetcher's thread and the thread that parses, matches and records: the transfer
/// callback only appends here, so transfers keep flowing while a large feed is being read.
///
/// Bounded: the fetcher asks ``hasRoom`` before starting a transfer, so at most ``capacity`` results wait, plus
/// those of the transfers already running when it filled (at most the fetcher's concurrency). Memory is thus bounded
/// by (capacity + concurrency) × `max_body`. `@unchecked Sendable`: every member is behind the condition's lock.
final class ResultQueue: @unchecked Sendable {
    /// How many results may wait before the fetcher stops starting transfers.
    let capacity: Int
    private let condition = NSCondition()
    private var results: [FetchResult] = []
    private var finished = false

    /// Creates an empty queue.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Whether another transfer may start (fewer than ``capacity`` results are waiting).
    var hasRoom: Bool {
        condition.lock()
        defer { condition.unlock() }
        return results.count < capacity
    }

    /// Whether no result is waiting.
    var isEmpty: Bool {
        condition.lock()
        defer { condition.unlock() }
        return results.isEmpty
    }

    /// Adds a result (the fetcher's thread).
    func push(_ result: FetchResult) {
        condition.lock()
        results.append(result)
        condition.signal()
        condition.unlock()
    }

    /// Says no result will come any more (the fetcher's thread, when its loop has returned).
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    /// Up to `limit` results, oldest first, waiting at most `timeout` seconds for the first: empty when none came
    /// in time, `nil` once the queue is finished and empty.
    func take(limit: Int, timeout: Double) -> [FetchResult]? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while results.isEmpty && !finished {
            if !condition.wait(until: deadline) { break }
        }
        if results.isEmpty { return finished ? nil : [] }
        let count = min(limit, results.count)
        let taken = Array(results.prefix(count))
        results.removeFirst(count)
        return taken
    }
}
