/// Reads the live alert log as it grows, like `tail -F`, and keeps reading across a rotation.
///
/// Each ``poll(shouldStop:_:)`` hands over the complete lines (ending in `\n`) written since the last one; a last
/// line without its `\n` waits for it. The follower polls (no inotify): ``follow(sleep:shouldStop:line:)`` sleeps
/// between polls with the `sleep` it is given, so a test moves the files instead of waiting.
///
/// - Rotation (logrotate renames the log and creates a new one, then the daemon reopens the path): when the path
///   names another file than the one open, the open one is read to its end, then the new one from its start. The
///   old one stays open and is read again at each poll until it has been quiet for ``retirementPolls`` polls: an
///   alert the daemon writes between the rename and its reopen is still printed (before the new file's lines).
/// - Truncation (the file is shorter than what was read): reading starts again at its beginning.
/// - A missing file (before the daemon's first alert, between a rename and the creation of the new file): the
///   follower waits for it to appear.
public final class AlertFollower {
    /// The path of the live log.
    public let path: String
    /// How many polls in a row a replaced file must stay unchanged before it is closed.
    public let retirementPolls: Int

    /// An open file and how far it was read.
    private final class Source {
        let file: OpenFile
        var offset = 0
        var splitter = LineSplitter()
        var quietPolls = 0

        init(_ file: OpenFile) {
            self.file = file
        }
    }

    private var current: Source?
    private var retired: [Source] = []
    private var buffer = [UInt8](repeating: 0, count: 128 << 10)
    private var overlongLines = 0
    private var unfinishedLines = 0

    /// A follower of the log at `path`; nothing is opened before the first poll.
    ///
    /// With the default `retirementPolls` and a poll every 0.5 s, a replaced file is read for 10 s after its last
    /// write (logrotate's `postrotate` makes the daemon reopen the path within a second).
    public init(path: String, retirementPolls: Int = 20) {
        self.path = path
        self.retirementPolls = max(1, retirementPolls)
    }

    /// The identity of the live file open now, if any (the reader leaves it out of the rotations).
    var openIdentity: FileIdentity? { current?.file.identity }

    /// Opens the live file if it exists and is not open yet, without reading it.
    func openIfPresent() throws(LogReaderError) {
        guard current == nil, let file = try OpenFile.openIfPresent(path) else { return }
        current = Source(file)
    }

    /// Lines given up since the last call: `overlong` ones (more than 16 MiB: no alert line), and `unfinished`
    /// ones, left without their `\n` in a replaced file when it was closed (a write cut short by a crash).
    public func takeDroppedLines() -> (overlong: Int, unfinished: Int) {
        defer { (overlongLines, unfinishedLines) = (0, 0) }
        return (overlongLines, unfinishedLines)
    }

    /// Hands `line` every complete line written since the last poll, without its `\n`, oldest first.
    ///
    /// `shouldStop` is asked between chunks of 128 KiB: a long first read can be cut short.
    ///
    /// - Throws: ``LogReaderError`` when a file exists but cannot be opened or read (permissions, I/O).
    public func poll(shouldStop: () -> Bool = { false }, _ line: (ArraySlice<UInt8>) -> Void) throws(LogReaderError) {
        for source in retired {
            let grew = try drain(source, shouldStop: shouldStop, line)
            source.quietPolls = grew ? 0 : source.quietPolls + 1
        }
        retired.removeAll { source in
            guard source.quietPolls >= retirementPolls else { return false }
            if source.splitter.hasPartialLine { unfinishedLines += 1 }
            return true
        }
        if let source = current {
            let atPath = FileIdentity.ofPath(path)
            _ = try drain(source, shouldStop: shouldStop, line)
            if atPath != source.file.identity {
                retired.append(source)
                current = nil
            }
        }
        if current == nil, let file = try OpenFile.openIfPresent(path) {
            let source = Source(file)
            current = source
            _ = try drain(source, shouldStop: shouldStop, line)
        }
    }

    /// Polls, then sleeps with `sleep`, until `shouldStop` says so (it is asked after each poll and during reads).
    ///
    /// The first poll reads the whole live file. To stop on a signal, make `sleep` return early when one arrives
    /// and `shouldStop` return `true` from then on.
    public func follow(
        sleep: () -> Void, shouldStop: () -> Bool, line: (ArraySlice<UInt8>) -> Void
    ) throws(LogReaderError) {
        while true {
            try poll(shouldStop: shouldStop, line)
            if shouldStop() { return }
            sleep()
        }
    }

    /// Reads `source` from where it was left to its end; whether anything was read.
    private func drain(
        _ source: Source, shouldStop: () -> Bool, _ line: (ArraySlice<UInt8>) -> Void
    ) throws(LogReaderError) -> Bool {
        if try source.file.size() < source.offset {
            source.offset = 0
            source.splitter.reset()
        }
        var grew = false
        while !shouldStop() {
            let count = try source.file.read(into: &buffer, at: source.offset)
            guard count > 0 else { break }
            grew = true
            source.offset += count
            source.splitter.split(buffer[..<count], line)
            overlongLines += source.splitter.takeOverlongLines()
        }
        return grew
    }
}
