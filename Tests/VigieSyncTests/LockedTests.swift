import Dispatch
import Synchronization
import Testing
import VigieSync

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct LockedTests {
    /// Eight threads take the lock 2,000 times each; a body that finds another body inside fails the test.
    @Test func bodiesNeverOverlapAndNoUpdateIsLost() {
        let counter = Locked(0)
        let inside = Atomic<Int>(0)
        let overlaps = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for round in 0..<2_000 {
                counter.withLock { value in
                    if inside.add(1, ordering: .sequentiallyConsistent).newValue != 1 {
                        overlaps.add(1, ordering: .relaxed)
                    }
                    let before = value
                    if round % 100 == 0 { sched_yield() }  // widen the window a missing lock would leave open
                    value = before + 1
                    inside.subtract(1, ordering: .sequentiallyConsistent)
                }
            }
        }
        #expect(overlaps.load(ordering: .relaxed) == 0)
        #expect(counter.withLock { $0 } == 16_000)
    }

    struct Refused: Error, Equatable {}

    /// A body that throws leaves the value as it changed it, releases the lock, and the caller gets its error.
    @Test func aThrowingBodyReleasesTheLock() {
        let names = Locked(["a"])
        #expect(throws: Refused()) {
            try names.withLock { (names: inout [String]) throws(Refused) in
                names.append("b")
                throw Refused()
            }
        }
        #expect(names.withLock { $0 } == ["a", "b"])
    }

    /// What the body returns is what `withLock` returns, and the value can be replaced whole.
    @Test func returnsTheBodysResult() {
        let slot = Locked<String?>(nil)
        let previous = slot.withLock { value in
            defer { value = "new" }
            return value
        }
        #expect(previous == nil)
        #expect(slot.withLock { $0 } == "new")
    }
}
