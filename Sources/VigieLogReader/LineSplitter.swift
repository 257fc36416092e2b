#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Cuts a stream of bytes read in chunks into complete lines (ending in `\n`), keeping an unfinished last line
/// until the rest of it arrives.
struct LineSplitter {
    /// A line longer than this (without its `\n`) is no alert line (a binary file, a runaway write): it is dropped and counted, rather
    /// than held in memory whole.
    static let maximumLineBytes = 16 << 20

    private var pending: [UInt8] = []
    private var discarding = false
    /// Lines dropped for their length since the last ``takeOverlongLines()``.
    private var overlongLines = 0

    /// Whether an unfinished line is waiting for its `\n`.
    var hasPartialLine: Bool { !pending.isEmpty || discarding }

    /// Calls `body` with each line that `chunk` completes, without its `\n`, in order.
    mutating func split(_ chunk: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>) -> Void) {
        var start = chunk.startIndex
        while start < chunk.endIndex {
            guard let newline = Self.firstNewline(in: chunk[start...]) else {
                keep(chunk[start...])
                return
            }
            if discarding || pending.count + (newline - start) > Self.maximumLineBytes {
                discarding = false
                pending.removeAll()
                overlongLines += 1
            } else if pending.isEmpty {
                body(chunk[start..<newline])
            } else {
                pending.append(contentsOf: chunk[start..<newline])
                body(pending[...])
                pending.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
    }

    /// Forgets the unfinished line (the file was truncated: it belonged to the old content).
    mutating func reset() {
        pending.removeAll()
        discarding = false
    }

    /// The count of lines dropped for their length since the last call.
    mutating func takeOverlongLines() -> Int {
        defer { overlongLines = 0 }
        return overlongLines
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) {
        guard !discarding else { return }
        if pending.count + bytes.count > Self.maximumLineBytes {
            pending.removeAll()
            discarding = true
        } else {
            pending.append(contentsOf: bytes)
        }
    }

    private static func firstNewline(in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let found = memchr(base, 0x0A, raw.count) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(found) - base)
        }
    }
}
