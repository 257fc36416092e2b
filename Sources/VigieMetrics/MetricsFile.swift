#if canImport(Glibc)
    import Glibc
#endif

/// The metrics file at `metrics_file`, replaced whole on each ``write(_:)``: the text goes to a temporary file in the
/// same folder, which is then renamed over the old one, so that node_exporter's textfile collector (or any reader)
/// sees the old file or the new one, never half of one.
///
/// The temporary file is named `.NAME.tmp-PID`: hidden, and not ending in `.prom`, so the collector never reads it.
/// It is created with `O_EXCL | O_NOFOLLOW` (a link planted under its name is removed, not followed) and given mode
/// 0644 whatever the umask, as the collector runs as another user. Not synced: a crash loses at most one cycle's
/// numbers, and the next cycle writes them again.
public struct MetricsFile: Sendable {
    /// The metrics file's path.
    public let path: String

    /// The metrics file at `path`; nothing is opened until ``write(_:)``.
    public init(path: String) {
        self.path = path
    }

    /// The temporary file's path: `.NAME.tmp-PID` in the metrics file's folder.
    var temporaryPath: String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).tmp-\(getpid())"
    }

    /// Replaces the file's content with `text`: written to the temporary file, then renamed over the file.
    ///
    /// On failure the temporary file is removed and the file as it was stays in place; the error names `path`.
    public func write(_ text: String) throws(MetricsFileError) {
        let temporary = temporaryPath
        let descriptor = try create(temporary)
        do {
            try writeAll(Array(text.utf8), to: descriptor)
        } catch {
            _ = close(descriptor)
            _ = unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let number = errno
            _ = unlink(temporary)
            throw .system("close \(temporary)", path: path, errno: number)
        }
        guard rename(temporary, path) == 0 else {
            let number = errno
            _ = unlink(temporary)
            throw .system("rename \(temporary) to it", path: path, errno: number)
        }
    }

    /// Creates `temporary` for writing, mode 0644; one left by a process that had this pid (or planted there) is
    /// removed first.
    private func create(_ temporary: String) throws(MetricsFileError) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var removedLeftover = false
        while true {
            let descriptor = open(temporary, flags, 0o644)
            if descriptor >= 0 {
                guard fchmod(descriptor, 0o644) == 0 else {
                    let number = errno
                    _ = close(descriptor)
                    _ = unlink(temporary)
                    throw .system("set the mode of \(temporary)", path: path, errno: number)
                }
                return descriptor
            }
            let number = errno
            if number == EINTR { continue }
            if number == EEXIST && !removedLeftover {
                removedLeftover = true
                if unlink(temporary) == 0 { continue }
                throw .system("remove \(temporary), in the way", path: path, errno: errno)
            }
            throw .system("create \(temporary)", path: path, errno: number)
        }
    }

    /// Writes all of `bytes` to `descriptor`, resuming after a short write or a signal.
    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(MetricsFileError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system("write \(temporaryPath)", path: path, errno: errno)
            }
            offset += written
        }
    }
}
