import Foundation

/// Reads the whole of a file named on the command line, or standard input for `-`.
enum InputFile {
    /// A file that could not be read, with the reason from the system.
    struct ReadError: Error, CustomStringConvertible {
        /// The path as given.
        var path: String
        /// The system's reason.
        var reason: String
        /// "cannot read PATH: REASON".
        var description: String { "cannot read \(path): \(reason)" }
    }

    /// The bytes of `path` (`-` for standard input).
    static func read(_ path: String) throws(ReadError) -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        // Room for the whole file at once (a large feed otherwise grows the array a chunk at a time).
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_size > 0 { bytes.reserveCapacity(Int(status.st_size) + 1) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}
