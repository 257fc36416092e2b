// The same under VigieSync.Locked (Sources/VigieSync/Locked.swift, compiled in): exact and no report.
let counter = Locked(0)
onTwoThreads { counter.withLock { $0 += 1 } }
print("locked: \(counter.withLock { $0 }) of 40000")
