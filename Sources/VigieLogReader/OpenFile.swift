#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a file lives: its device and inode, which a rename keeps and a new file at the same path does not.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The identity of the file at `path` now, or `nil` when there is none (or it cannot be looked at).
    static func ofPath(_ path: String) -> FileIdentity? {
        var info = stat()
        return stat(path, &info) == 0 ? FileIdentity(info) : nil
    }
}

/// The one owner of a read-only file descriptor: it closes it in `deinit`, unless it was handed over with
/// ``release()``.
final class OpenFile {
    /// The path the file was opened as (it may have been renamed since).
    let path: String
    /// The file's identity when it was opened.
    let identity: FileIdentity
    /// Its modification time when it was opened, in seconds since 1970.
    let modified: Double
    private var descriptor: Int32

    private init(path: String, descriptor: Int32, info: stat) {
        self.path = path
        self.descriptor = descriptor
        self.identity = FileIdentity(info)
        self.modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Opens `path` for reading, or returns `nil` when it does not exist.
    static func openIfPresent(_ path: String) throws(LogReaderError) -> OpenFile? {
        var descriptor: Int32
        repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .system("open", path: path, errno: errno)
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let number = errno
            close(descriptor)
            throw .system("examine", path: path, errno: number)
        }
        return OpenFile(path: path, descriptor: descriptor, info: info)
    }

    /// The file's size now.
    func size() throws(LogReaderError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system("examine", path: path, errno: errno) }
        return Int(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(into buffer: inout [UInt8], at offset: Int) throws(LogReaderError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
            if count >= 0 { return count }
            if errno != EINTR { throw .system("read", path: path, errno: errno) }
        }
    }

    /// Hands the descriptor to a new owner (who closes it); this object no longer does.
    func release() -> Int32 {
        defer { descriptor = -1 }
        return descriptor
    }
}
