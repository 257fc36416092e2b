import VigieSync

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The JSON Lines file alerts are appended to: one line per alert, each in one `write(2)`, on disk before
/// ``append(_:)`` returns.
///
/// The file is opened with `O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC`, created with mode 0640 (less the umask),
/// and its folder is synced when the file is created. `write(2)` is retried only when it wrote nothing (`EINTR`),
/// never continued after a partial write; a partial write is cut off again (`ftruncate`) and reported as
/// `.shortWrite`. Every failure is a ``StoreError`` naming the path, with a code for `ENOSPC`, `EACCES`, `EROFS` …;
/// the log stays usable and the next append retries (opening the file again if it could not be opened).
///
/// One case no writer can prevent: Linux stops copying a `write` between pages when the process gets `SIGKILL`,
/// so a kill can leave a partial last line. ``AlertDelivery/reconcile(at:)`` blanks it at start-up (spaces, then
/// a newline) and appends its alert again whole. Safe to use from any thread; ``reopen()`` may run while others
/// append.
public final class AlertLog: Sendable {
    /// The log's path, opened again by ``reopen()``.
    public let path: String
    /// The open file, or -1, and whether a partial line could not be cut off.
    private let handle: Locked<Handle>

    /// The mutable part of the log, guarded by ``handle``.
    private struct Handle {
        var descriptor: Int32 = -1
        /// A partial line is at the end of the file: the next append blanks it first.
        var torn = false
    }

    /// Opens (creating) the log at `path`, so a misconfigured path fails at start-up.
    public init(path: String) throws {
        self.path = path
        handle = Locked(Handle())
        try handle.withLock { handle in handle.descriptor = try openFile() }
    }

    deinit {
        handle.withLock { handle in
            if handle.descriptor >= 0 { _ = closeDescriptor(handle.descriptor) }
        }
    }

    /// Appends `line` and a newline in one `write(2)`, then `fsync`s, opening the file first if it is closed.
    ///
    /// `line` must not contain a line break (`.invalidAlert`). When this throws, the line is not in the file,
    /// except after a failed `fsync` (`.ioFailed`), when it may be: ``AlertDelivery`` then looks for it before
    /// writing it again.
    public func append(_ line: String) throws {
        try append(contentsOf: [line])
    }

    /// Appends `lines`, each with a newline, in one `write(2)`, then `fsync`s once: a batch of alerts costs one
    /// sync, not one each.
    ///
    /// No line may contain a line break (`.invalidAlert`, and nothing is written). When this throws, none of the
    /// lines is in the file (a short write is cut off whole), except after a failed `fsync` (`.ioFailed`), when
    /// they may be: ``AlertDelivery`` then looks for them before writing them again.
    public func append(contentsOf lines: [String]) throws {
        guard !lines.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            let start = bytes.count
            bytes.append(contentsOf: line.utf8)
            guard !bytes[start...].contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                throw StoreError(
                    code: .invalidAlert,
                    message: "\(path): refusing to append a line that contains a line break (a bug in vigie: report "
                        + "it)",
                    path: path
                )
            }
            bytes.append(0x0A)
        }
        try handle.withLock { handle in
            if handle.descriptor >= 0 && isUnlinked(handle.descriptor) {
                // Deleted, or replaced by another file moved over it (`sed -i`, an editor): a line appended to it
                // now would be on no file anyone can read. Write to the file at the path (created if needed)
                // instead. A rotated file keeps a name and receives lines until SIGUSR1, as logrotate expects.
                _ = closeDescriptor(handle.descriptor)
                handle.descriptor = -1
            }
            if handle.descriptor < 0 {
                handle.descriptor = try openFile()
                handle.torn = false
            }
            if handle.torn {
                if isOpenAtPath(handle.descriptor) { _ = try TornLine.blank(path: path) }
                handle.torn = false
            }
            try writeOnce(bytes, to: &handle)
            try sync(handle.descriptor, what: "flush it to disk (fsync)")
        }
    }

    /// Closes the file and opens `path` again, creating it: call it on `SIGUSR1` after the log was rotated.
    ///
    /// When the new file cannot be opened this throws, the log stays closed, and the next ``append(_:)``
    /// tries again.
    public func reopen() throws {
        try handle.withLock { handle in
            if handle.descriptor >= 0 {
                _ = closeDescriptor(handle.descriptor)
                handle.descriptor = -1
            }
            handle.torn = false
            handle.descriptor = try openFile()
        }
    }

    /// Closes the file; a later ``append(_:)`` opens it again.
    public func close() {
        handle.withLock { handle in
            if handle.descriptor >= 0 {
                _ = closeDescriptor(handle.descriptor)
                handle.descriptor = -1
            }
        }
    }

    /// Blanks a partial last line at `path` (spaces, then a newline) so that every line stays valid JSON Lines
    /// and the next one is whole; `true` when there was one. Reopens the log first if it was rotated away.
    ///
    /// A partial line is left when the process is killed in the middle of a `write` (Linux stops between pages
    /// on `SIGKILL`) or by a short write that could not be cut off. Its alert was never marked written, so
    /// nothing is lost: the alert is appended again whole. The file keeps its size up to the newline, so log
    /// shippers that remember an offset are not confused.
    func repairTornLine() throws -> Bool {
        try handle.withLock { handle in
            if handle.descriptor < 0 || !isOpenAtPath(handle.descriptor) {
                if handle.descriptor >= 0 { _ = closeDescriptor(handle.descriptor) }
                handle.descriptor = -1
                handle.descriptor = try openFile()
            }
            handle.torn = false
            return try TornLine.blank(path: path)
        }
    }

    /// Whether the file open at `descriptor` has no name left (deleted, or replaced by a rename over it).
    private func isUnlinked(_ descriptor: Int32) -> Bool {
        var opened = stat()
        return fstat(descriptor, &opened) == 0 && opened.st_nlink == 0
    }

    /// Whether `descriptor` is the file now at `path` (not one rotated away and not yet reopened).
    private func isOpenAtPath(_ descriptor: Int32) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
    }

    /// Opens `path` for appending; when it creates the file, syncs the folder so the new name survives a crash.
    private func openFile() throws -> Int32 {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC
        while true {
            let existing = open(path, flags)
            if existing >= 0 { return existing }
            guard errno == ENOENT || errno == EINTR else {
                throw StoreError.system("open the alert log", path: path, errno: errno)
            }
            let created = open(path, flags | O_CREAT | O_EXCL, 0o640)
            if created >= 0 {
                do {
                    try syncFolder()
                } catch {
                    _ = closeDescriptor(created)
                    throw error
                }
                return created
            }
            guard errno == EEXIST || errno == EINTR else {
                throw StoreError.system("create the alert log", path: path, errno: errno)
            }
        }
    }

    /// Writes `bytes` with one `write(2)`, retried only when it wrote nothing because of a signal.
    private func writeOnce(_ bytes: [UInt8], to handle: inout Handle) throws {
        while true {
            let written = bytes.withUnsafeBytes { buffer in
                write(handle.descriptor, buffer.baseAddress, buffer.count)
            }
            if written == bytes.count { return }
            if written < 0 {
                if errno == EINTR { continue }
                throw StoreError.system("append to the alert log", path: path, errno: errno)
            }
            throw shortWrite(written, of: bytes.count, handle: &handle)
        }
    }

    /// Cuts off the `written` bytes of a short write, or marks the log torn, and returns the error to throw.
    private func shortWrite(_ written: Int, of total: Int, handle: inout Handle) -> StoreError {
        let end = lseek(handle.descriptor, 0, SEEK_CUR)
        let removed = end >= written && ftruncate(handle.descriptor, end - off_t(written)) == 0
        if !removed { handle.torn = true }
        let outcome =
            removed
            ? "the partial line was removed"
            : "the partial line could not be removed and will be blanked before the next one"
        return StoreError(
            code: .shortWrite,
            message: "\(path): only \(written) of \(total) bytes of an alert were written (is the file system "
                + "full?); \(outcome); the alert stays pending and is retried",
            path: path
        )
    }

    /// `fsync`s `descriptor`, retrying on `EINTR`.
    private func sync(_ descriptor: Int32, what: String) throws {
        while fsync(descriptor) != 0 {
            if errno == EINTR { continue }
            throw StoreError.system(what, path: path, errno: errno)
        }
    }

    /// Syncs the folder holding `path`, so that a file just created there is not lost by a crash.
    private func syncFolder() throws {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.system("open its folder", path: folder, errno: errno) }
        defer { _ = closeDescriptor(descriptor) }
        try sync(descriptor, what: "sync the folder of the new alert log")
    }
}

/// `close(2)`, named so that it does not clash with ``AlertLog/close()``.
func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
