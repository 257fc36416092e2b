import Glibc

/// Whole files read for VigieConfig, and why one cannot be, said as a person would: "it is a directory",
/// "Permission denied". A FIFO or a device is refused before it is opened, so a check never blocks on one.
enum FileContents {
    /// Why a file could not be read.
    struct Failure: Error {
        /// The reason: the C library's text for `errno`, or what the path is instead of a file.
        var reason: String
    }

    /// The bytes of the regular file at `path`.
    static func bytes(_ path: String) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "it is a directory" : "it is not a regular file"
            throw Failure(reason: kind)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    /// The UTF-8 text of the file at `path`; `what` (`configuration`, `watchlist`) names it in messages.
    static func text(_ path: String, what: String) throws(ConfigError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try Self.bytes(path)
        } catch {
            throw ConfigError(code: .unreadable, file: path, message: "cannot read the \(what): \(error.reason)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(code: .unreadable, file: path, message: "the \(what) is not valid UTF-8 text")
        }
        return text
    }
}
