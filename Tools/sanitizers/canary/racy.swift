// A real race: two threads increment one counter with no lock. ThreadSanitizer must report it; if it does not,
// the sanitizer run proves nothing.
final class Counter: @unchecked Sendable { var count = 0 }
let counter = Counter()
onTwoThreads { counter.count += 1 }
print("racy: \(counter.count) of 40000")
