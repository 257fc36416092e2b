import Foundation

/// A value reachable only while its lock is held: `Synchronization.Mutex`'s interface over an `NSLock`.
///
/// Why not `Mutex` itself: on Linux, `Mutex` is built on raw futex system calls that ThreadSanitizer does not
/// intercept, so TSan cannot see it order two accesses and reports accesses under it as races (the canary
/// `Tools/sanitizers/canary/mutex.swift`, two threads incrementing a counter under a `Mutex`, is reported and still
/// counts exactly; see docs/RELIABILITY.md, "Sanitizers"). `NSLock` is a `pthread_mutex_t`, which TSan understands,
/// so the code that runs in production is the code the TSan suite checks, with no suppression hiding real races.
///
/// `@unchecked Sendable`: ``value`` is only read or written inside ``withLock(_:)``, with ``lock`` held.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// Holds `initialValue`; the caller gives it up (`sending`), as with `Mutex`.
    public init(_ initialValue: sending Value) {
        value = initialValue
    }

    /// Runs `body` with the lock held and the value lent to it for reading and writing; returns what it returns.
    ///
    /// Not reentrant: calling ``withLock(_:)`` on the same instance from inside `body` deadlocks.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
