// Shared by the canaries: runs `body` 20,000 times on each of two pthreads, joined before it returns.
//
// Both threads wait at a barrier before their loop and again after it, so neither exits while the other runs its
// loop. Without that, the racy canary went unreported in 5 runs of 8, each time with an exact count: on a busy
// machine one loop ended before the other began, and ThreadSanitizer (v3) forgets an exited thread's accesses once
// its slot is reused. Thread create, join and barriers are synchronisation TSan understands; a barrier orders what
// came before it against what comes after it, never the two loops against each other.
//
// `body` is `@Sendable`: a closure written in main.swift would otherwise be main-actor code, and Swift 6 traps when
// it runs on another thread.
#if canImport(Glibc)
    import Glibc
#endif

final class Work: @unchecked Sendable {
    let body: @Sendable () -> Void
    let barrier: UnsafeMutablePointer<pthread_barrier_t>
    init(_ body: @escaping @Sendable () -> Void, barrier: UnsafeMutablePointer<pthread_barrier_t>) {
        self.body = body
        self.barrier = barrier
    }
}

func onTwoThreads(_ body: @escaping @Sendable () -> Void) {
    let barrier = UnsafeMutablePointer<pthread_barrier_t>.allocate(capacity: 1)
    pthread_barrier_init(barrier, nil, 2)
    var threads: [pthread_t] = []
    for _ in 0..<2 {
        var thread = pthread_t()
        let work = Unmanaged.passRetained(Work(body, barrier: barrier)).toOpaque()
        pthread_create(
            &thread, nil,
            { pointer in
                let work = Unmanaged<Work>.fromOpaque(pointer!).takeRetainedValue()
                pthread_barrier_wait(work.barrier)
                for _ in 0..<20_000 { work.body() }
                pthread_barrier_wait(work.barrier)
                return nil
            }, work)
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
    pthread_barrier_destroy(barrier)
    barrier.deallocate()
}
