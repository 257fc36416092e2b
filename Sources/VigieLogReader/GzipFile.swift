import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one owner of a zlib `gzFile`: the reader of one rotation, compressed or not, closed in `deinit`.
///
/// zlib reads a file that is not gzip as it is, and reads every member of a multi-member gzip file (what
/// `cat a.gz b.gz` makes) one after the other, so one reader serves `alerts.jsonl.1` and `alerts.jsonl.2.gz`.
final class GzipFile {
    /// The path, for errors.
    let path: String
    private let file: gzFile

    /// Takes over the descriptor of `opened` (it is closed with the `gzFile`).
    init(adopting opened: OpenFile) throws(LogReaderError) {
        path = opened.path
        let descriptor = opened.release()
        guard let file = gzdopen(descriptor, "rb") else {
            close(descriptor)
            throw LogReaderError(
                code: .readFailed, message: "\(path): cannot start reading (zlib: out of memory)", path: path)
        }
        gzbuffer(file, 128 << 10)
        self.file = file
    }

    deinit {
        gzclose_r(file)
    }

    /// Reads up to `buffer.count` uncompressed bytes; 0 at the end.
    ///
    /// - Throws: ``LogReaderError/Code-swift.struct/corruptGzip`` when the data is damaged or the file ends inside a
    ///   gzip member (what was read before stays read).
    func read(into buffer: inout [UInt8]) throws(LogReaderError) -> Int {
        let count = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress!, UInt32($0.count)) }
        var code: Int32 = Z_OK
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if count < 0 || (count == 0 && code != Z_OK) {
            if code == Z_ERRNO { throw .system("read", path: path, errno: errno) }
            let reason = code == Z_BUF_ERROR ? "the compressed data ends too early" : message
            throw LogReaderError(
                code: .corruptGzip,
                message: "\(path): damaged gzip data (\(reason)); the lines before the damage were read", path: path)
        }
        return Int(count)
    }
}
