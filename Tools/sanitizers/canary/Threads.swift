// Shared by the canaries: runs `body` 20,000 times on each of two pthreads, in step, joined before it returns.
//
// The two loops must overlap in time for ThreadSanitizer to report a race between them. TSan (v3) attributes
// accesses to slots, not threads, and a thread that comes to use a slot another thread has let go of sees that
// thread's accesses as its own past. So when one loop ran to its end before the other began (easy: 20,000
// increments take about a millisecond), the race went unreported: in 5 runs of 8 with no synchronisation, in 3 of
// 10 with a barrier before and after the loops, in 4 of 30 with two distinct barriers. Here each thread publishes
// how far it is with a relaxed atomic (which is no synchronisation to TSan) and, 64 iterations ahead of the other,
// waits for it: the loops run in step and overlap from start to end. Thread create and join order only what comes
// before against what comes after, never the two loops against each other.
//
// `body` is `@Sendable`: a closure written in main.swift would otherwise be main-actor code, and Swift 6 traps when
// it runs on another thread.
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What one thread needs: the body, its own progress and the other thread's.
final class Work: Sendable {
    let body: @Sendable () -> Void
    let progress: Progress
    let mine: Int
    init(_ body: @escaping @Sendable () -> Void, progress: Progress, mine: Int) {
        self.body = body
        self.progress = progress
        self.mine = mine
    }
}

/// How many iterations each of the two threads has done.
final class Progress: Sendable {
    let first = Atomic<Int>(0)
    let second = Atomic<Int>(0)

    /// Thread `index`'s count.
    func done(_ index: Int) -> Int {
        index == 0 ? first.load(ordering: .relaxed) : second.load(ordering: .relaxed)
    }

    /// Sets thread `index`'s count.
    func record(_ index: Int, _ count: Int) {
        if index == 0 { first.store(count, ordering: .relaxed) } else { second.store(count, ordering: .relaxed) }
    }
}

func onTwoThreads(_ body: @escaping @Sendable () -> Void) {
    let progress = Progress()
    var threads: [pthread_t] = []
    for mine in 0..<2 {
        var thread = pthread_t()
        let work = Unmanaged.passRetained(Work(body, progress: progress, mine: mine)).toOpaque()
        pthread_create(
            &thread, nil,
            { pointer in
                let work = Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue()
                let other = 1 - work.mine
                for iteration in 0..<20_000 {
                    while iteration - work.progress.done(other) > 64 { sched_yield() }
                    work.body()
                    work.progress.record(work.mine, iteration + 1)
                }
                return nil
            }, work)
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
}
