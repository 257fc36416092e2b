import Foundation
import VigieFetch

/// The hand-over between the fetcher's thread and the threads that read results (parse and match): the transfer
/// callback only appends here, so transfers keep flowing while a large feed is being read.
///
/// Each result gets its place in the order of arrival (its index), which the cycle keeps when it records them
/// (``ReadyQueue``), whatever order the readers finish in. Bounded: the fetcher asks ``hasRoom`` before starting a
/// transfer, and a result counts until the cycle ``release(_:)``s it, read and taken; so at most ``capacity``
/// results are waiting, being read or read and not yet taken, plus those of the transfers already running when it
/// filled (at most the fetcher's concurrency). Memory is thus bounded by (capacity + concurrency) × `max_body`.
/// `@unchecked Sendable`: every member is behind the condition's lock.
final class ResultQueue: @unchecked Sendable {
    /// How many results may be outstanding before the fetcher stops starting transfers.
    let capacity: Int
    private let condition = NSCondition()
    private var results: [(index: Int, result: FetchResult)] = []
    private var head = 0
    private var pushed = 0
    private var released = 0
    private var finished = false

    /// Creates an empty queue.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Whether another transfer may start (fewer than ``capacity`` results are outstanding).
    var hasRoom: Bool {
        condition.lock()
        defer { condition.unlock() }
        return pushed - released < capacity
    }

    /// Whether every result pushed so far has been released: none is waiting, being read or ready.
    var isSettled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return pushed == released
    }

    /// Adds a result (the fetcher's thread).
    func push(_ result: FetchResult) {
        condition.lock()
        results.append((pushed, result))
        pushed += 1
        condition.signal()
        condition.unlock()
    }

    /// Says no result will come any more (the fetcher's thread, when its loop has returned).
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The oldest result not yet taken, with its index, waiting for one as long as it takes; `nil` once the queue
    /// is finished and empty (a reader's thread).
    func next() -> (index: Int, result: FetchResult)? {
        condition.lock()
        defer { condition.unlock() }
        while head == results.count && !finished {
            condition.wait()
        }
        guard head < results.count else { return nil }
        let taken = results[head]
        head += 1
        // Drop what was taken once it is most of the array, so that it does not grow over a long cycle.
        if head >= 64 && head * 2 >= results.count {
            results.removeFirst(head)
            head = 0
        }
        return taken
    }

    /// Says `count` results have been read and taken by the cycle: room for as many transfers.
    func release(_ count: Int) {
        condition.lock()
        released += count
        condition.unlock()
    }
}
