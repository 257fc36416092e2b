import Foundation
import Testing
import VigieFetch

@testable import VigieDaemon

/// The hand-overs of a poll cycle: readers may finish in any order, the cycle gets results in the order the
/// transfers finished, and a result holds its place in the bound until the cycle has taken it.
@Suite struct ReadQueuesTests {
    @Test func readyResultsComeOutInIndexOrderWhateverOrderTheyArePut() {
        let ready = ReadyQueue<String>(producers: 2)
        ready.put("c", at: 2)
        ready.put("b", at: 1)
        // Index 0 is still being read: nothing can come out yet.
        #expect(ready.take(limit: 10, timeout: 0.01) == [])
        ready.put("a", at: 0)
        #expect(ready.take(limit: 2, timeout: 1) == ["a", "b"])
        #expect(ready.take(limit: 10, timeout: 1) == ["c"])
        ready.producerFinished()
        #expect(ready.take(limit: 10, timeout: 0.01) == [])
        ready.producerFinished()
        #expect(ready.take(limit: 10, timeout: 0.01) == nil)
    }

    @Test func readersOnSeveralThreadsDeliverEveryResultInOrder() async {
        let ready = ReadyQueue<Int>(producers: 4)
        let count = 2_000
        for reader in 0..<4 {
            Thread {
                // Reader r puts indexes r, r + 4, r + 8…, finishing in an order of its own.
                for index in stride(from: reader, to: count, by: 4) { ready.put(index, at: index) }
                ready.producerFinished()
            }.start()
        }
        var taken: [Int] = []
        while let batch = ready.take(limit: 64, timeout: 1) { taken += batch }
        #expect(taken == Array(0..<count))
    }

    @Test func aResultCountsAgainstTheBoundUntilTheCycleReleasesIt() {
        let queue = ResultQueue(capacity: 2)
        let request = FetchRequest(url: "http://127.0.0.1:9/", feedID: "f")
        let result = FetchResult(request: request, outcome: .gone, status: 410, finalURL: request.url)
        queue.push(result)
        queue.push(result)
        #expect(!queue.hasRoom)
        #expect(queue.next()?.index == 0)
        #expect(queue.next()?.index == 1)
        // Taken by readers, not yet by the cycle: still no room, and not settled.
        #expect(!queue.hasRoom && !queue.isSettled)
        queue.release(1)
        #expect(queue.hasRoom && !queue.isSettled)
        queue.release(1)
        #expect(queue.isSettled)
        queue.finish()
        #expect(queue.next() == nil)
    }
}
