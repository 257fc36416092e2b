#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Repair of a log whose last line is partial (a write torn by a crash).
enum TornLine {
    /// How much is read at a time while looking backwards for the start of the partial line.
    private static let chunkSize = 64 << 10

    /// Overwrites the partial last line of the file at `path` with spaces and ends it with a newline; `true`
    /// when there was one, `false` for a file that is empty, missing or ends with a newline.
    ///
    /// Idempotent: a crash in the middle leaves a partial line (of spaces) that the next call blanks again.
    static func blank(path: String) throws -> Bool {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return false }
            throw StoreError.system("repair the alert log", path: path, errno: errno)
        }
        defer { _ = closeDescriptor(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError.system("repair the alert log", path: path, errno: errno)
        }
        let size = Int(info.st_size)
        guard size > 0 else { return false }
        let lineStart = try startOfLastLine(descriptor, size: size, path: path)
        guard lineStart < size else { return false }
        var blank = [UInt8](repeating: 0x20, count: size - lineStart)
        blank.append(0x0A)
        try writeAll(blank, to: descriptor, at: lineStart, path: path)
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw StoreError.system("flush the repaired alert log (fsync)", path: path, errno: errno)
        }
        return true
    }

    /// The offset just after the last `\n` (`size` when the file ends with one, 0 when it has none).
    private static func startOfLastLine(_ descriptor: Int32, size: Int, path: String) throws -> Int {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var end = size
        while end > 0 {
            let start = max(0, end - chunkSize)
            let count = end - start
            try buffer.withUnsafeMutableBytes { raw in
                var done = 0
                while done < count {
                    let got = pread(descriptor, raw.baseAddress! + done, count - done, off_t(start + done))
                    if got < 0 && errno == EINTR { continue }
                    guard got > 0 else {
                        throw StoreError.system("read the alert log", path: path, errno: got < 0 ? errno : EIO)
                    }
                    done += got
                }
            }
            if let newline = buffer[..<count].lastIndex(of: 0x0A) {
                return start + newline + 1
            }
            end = start
        }
        return 0
    }

    /// Writes all of `bytes` at `offset` (an in-place repair may take several `pwrite`s).
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + done, bytes.count - done, off_t(offset + done))
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                throw StoreError.system("repair the alert log", path: path, errno: wrote < 0 ? errno : EIO)
            }
            done += wrote
        }
    }
}
