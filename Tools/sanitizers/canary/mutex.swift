// Two threads increment a counter under Synchronization.Mutex. The count is exact (the lock works), yet on Linux
// ThreadSanitizer reports a "Swift access race": Mutex waits on raw futexes, which TSan does not intercept.
import Synchronization

let counter = Mutex(0)
onTwoThreads { counter.withLock { $0 += 1 } }
print("mutex: \(counter.withLock { $0 }) of 40000")
