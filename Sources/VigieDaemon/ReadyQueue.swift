import Foundation

/// The hand-over between the threads that read results and the cycle's thread, which records them: results come
/// out in the order of their indexes (the order the transfers finished in, ``ResultQueue``), whichever reader
/// finished first, so that articles meet the stories in the order they arrived, as with a single reader.
/// `@unchecked Sendable`: every member is behind the condition's lock.
final class ReadyQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Int: Element] = [:]
    private var nextIndex = 0
    private var producers: Int

    /// Creates an empty queue fed by `producers` readers.
    init(producers: Int) {
        self.producers = producers
    }

    /// Adds the element read for index `index` (a reader's thread).
    func put(_ element: Element, at index: Int) {
        condition.lock()
        ready[index] = element
        if index == nextIndex { condition.signal() }
        condition.unlock()
    }

    /// Says one reader is done: it will put nothing more.
    func producerFinished() {
        condition.lock()
        producers -= 1
        condition.signal()
        condition.unlock()
    }

    /// Up to `limit` elements in index order, from the next expected one, waiting at most `timeout` seconds for
    /// it: empty when it did not come in time, `nil` once every reader is done and nothing is left.
    func take(limit: Int, timeout: Double) -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while ready[nextIndex] == nil && producers > 0 {
            if !condition.wait(until: deadline) { break }
        }
        if ready[nextIndex] == nil && producers == 0, let first = ready.keys.min() {
            nextIndex = first  // Every index is put; should one be missing, what follows is not held up by it.
        }
        var taken: [Element] = []
        while taken.count < limit, let element = ready.removeValue(forKey: nextIndex) {
            taken.append(element)
            nextIndex += 1
        }
        if taken.isEmpty && producers == 0 && ready.isEmpty { return nil }
        return taken
    }
}
