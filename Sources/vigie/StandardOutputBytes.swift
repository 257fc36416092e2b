import Glibc

/// Writes to standard output without Foundation's copies: the bytes go to `write(2)` as they are, retried after an
/// interruption and until all are written.
enum StandardOutputBytes {
    /// Writes all of `bytes`; false when standard output is closed or broken (a pipe whose reader left).
    @discardableResult
    static func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var done = 0
        while done < bytes.count {
            let count = Glibc.write(STDOUT_FILENO, base + done, bytes.count - done)
            if count > 0 {
                done += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}
