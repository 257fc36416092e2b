#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The alert ids found in the whole lines at the end of a log file, read backwards up to a bound.
struct LogTail {
    /// The ids of the whole, valid JSON lines read.
    var alertIDs: Set<String> = []

    /// Reads at most the last `maxBytes` of the file at `path`; a missing file has an empty tail.
    ///
    /// When the bound cuts a line, that first partial line is skipped; a partial last line (no final `\n`) is
    /// not counted. Lines that are not JSON objects with a string `"alert_id"` are ignored.
    init(path: String, maxBytes: Int) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw StoreError.system("read the alert log", path: path, errno: errno)
        }
        defer { _ = closeDescriptor(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError.system("read the alert log", path: path, errno: errno)
        }
        let size = Int(info.st_size)
        let start = max(0, size - maxBytes)
        let bytes = try Self.read(descriptor, from: start, count: size - start, path: path)
        var lineStart = bytes.startIndex
        if start > 0 {
            guard let firstNewline = bytes.firstIndex(of: 0x0A) else { return }
            lineStart = firstNewline + 1
        }
        while let newline = bytes[lineStart...].firstIndex(of: 0x0A) {
            if let id = AlertLine.alertID(in: bytes[lineStart..<newline]) {
                alertIDs.insert(id)
            }
            lineStart = newline + 1
        }
    }

    /// `count` bytes from `offset`, with `pread` retried until done (a file that shrank reads short).
    private static func read(_ descriptor: Int32, from offset: Int, count: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.system("read the alert log", path: path, errno: errno)
            }
            if got == 0 { break }
            done += got
        }
        return Array(bytes[..<done])
    }
}
