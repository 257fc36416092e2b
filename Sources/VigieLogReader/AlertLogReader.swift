/// Reads the alert log and its rotations, oldest first, and hands over the lines a filter lets through; then, when
/// asked, follows the live log.
///
/// The live log is opened first, then the rotations are listed and all opened before any is read: a rotation while
/// reading renames files but moves no line, and the file that was live when reading began is read once (as the live
/// log, even if it was renamed `.1` in between). Blank lines (torn writes the daemon blanked) are skipped silently;
/// lines that are not JSON, and unfinished lines in rotations, are skipped and counted in ``skipped``.
///
/// Only complete lines (ending in `\n`) are read: the unfinished last line of the live log is left for a later poll
/// (with `follow`) or not read (without).
public final class AlertLogReader {
    /// The lines of one file that were not read as alerts.
    public struct Skipped: Sendable, Equatable {
        /// The file.
        public var path: String
        /// Lines that are not one JSON object (or longer than 16 MiB).
        public var notJSON = 0
        /// Lines without their `\n` in a file no longer written: writes cut short by a crash.
        public var incomplete = 0

        /// A count for `path`.
        public init(path: String, notJSON: Int = 0, incomplete: Int = 0) {
            self.path = path
            self.notJSON = notJSON
            self.incomplete = incomplete
        }
    }

    /// The live log's path.
    public let path: String
    /// Which lines are handed over.
    public let filter: AlertLineFilter
    /// Files with skipped lines, in the order they were first met.
    public private(set) var skipped: [Skipped] = []
    /// Rotations that could not be read, whole or in part (damaged gzip, permissions); reading went on without them.
    public private(set) var problems: [LogReaderError] = []

    private let follower: AlertFollower
    private var buffer = [UInt8](repeating: 0, count: 128 << 10)

    /// A reader of the log at `path` and its rotations; nothing is opened before ``run(follow:sleep:shouldStop:emit:)``.
    ///
    /// `retirementPolls` is the follower's (see ``AlertFollower``).
    public init(path: String, filter: AlertLineFilter, retirementPolls: Int = 20) {
        self.path = path
        self.filter = filter
        self.follower = AlertFollower(path: path, retirementPolls: retirementPolls)
    }

    /// Hands `emit` each matching line (its bytes without `\n`, and what was read from them): the rotations oldest
    /// first, then the live log; with `follow`, then the lines written later, until `shouldStop` says so.
    ///
    /// A rotation older than ``AlertLineFilter/since`` (modified before it) is not opened: none of its lines can
    /// match. `shouldStop` is asked between chunks of 128 KiB and after each poll; `sleep` runs between polls.
    ///
    /// - Throws: ``LogReaderError`` when the live log cannot be opened or read, or (without `follow`) when neither
    ///   it nor any rotation exists.
    public func run(
        follow: Bool, sleep: () -> Void = {}, shouldStop: () -> Bool = { false },
        emit: (ArraySlice<UInt8>, AlertLine) -> Void
    ) throws(LogReaderError) {
        try follower.openIfPresent()
        let live = follower.openIdentity
        var rotations: [OpenFile] = []
        do {
            var seen: Set<FileIdentity> = live.map { [$0] } ?? []
            for rotation in try AlertLogFiles.rotations(of: path) {
                do {
                    guard let file = try OpenFile.openIfPresent(rotation), seen.insert(file.identity).inserted else {
                        continue
                    }
                    rotations.append(file)
                } catch {
                    problems.append(error)
                }
            }
        } catch {
            if live == nil && !follow { throw error }
            if error.code != .notFound { problems.append(error) }
        }
        if live == nil && rotations.isEmpty && !follow {
            throw LogReaderError(
                code: .notFound,
                message: "\(path): no such alert log, and no rotation of it; check `alert_log` in the configuration "
                    + "(the daemon creates the log with its first alert)",
                path: path)
        }
        let since = filter.since?.timeIntervalSince1970
        while !rotations.isEmpty {
            let file = rotations.removeFirst()
            if let since, file.modified < since { continue }
            if shouldStop() { return }
            read(rotation: file, shouldStop: shouldStop, emit)
        }
        func handle(_ line: ArraySlice<UInt8>) { self.handle(line, from: path, emit) }
        if follow {
            try follower.follow(
                sleep: sleep,
                shouldStop: {
                    countDropped()
                    return shouldStop()
                }, line: handle)
        } else {
            try follower.poll(shouldStop: shouldStop, handle)
        }
        countDropped()
    }

    /// Reads one rotation whole; a failure is kept in ``problems``.
    private func read(rotation file: OpenFile, shouldStop: () -> Bool, _ emit: (ArraySlice<UInt8>, AlertLine) -> Void) {
        let path = file.path
        var splitter = LineSplitter()
        do {
            let reader = try GzipFile(adopting: file)
            while !shouldStop() {
                let count = try reader.read(into: &buffer)
                guard count > 0 else { break }
                splitter.split(buffer[..<count]) { handle($0, from: path, emit) }
            }
        } catch {
            problems.append(error)
        }
        let overlong = splitter.takeOverlongLines()
        if overlong > 0 { count(path) { $0.notJSON += overlong } }
        if splitter.hasPartialLine, !shouldStop() { count(path) { $0.incomplete += 1 } }
    }

    private func handle(_ line: ArraySlice<UInt8>, from path: String, _ emit: (ArraySlice<UInt8>, AlertLine) -> Void) {
        switch filter.evaluate(line) {
        case .match(let alert): emit(line, alert)
        case .invalid: count(path) { $0.notJSON += 1 }
        case .blank, .excluded: break
        }
    }

    private func countDropped() {
        let dropped = follower.takeDroppedLines()
        if dropped.overlong > 0 { count(path) { $0.notJSON += dropped.overlong } }
        if dropped.unfinished > 0 { count(path) { $0.incomplete += dropped.unfinished } }
    }

    private func count(_ path: String, _ change: (inout Skipped) -> Void) {
        if let index = skipped.firstIndex(where: { $0.path == path }) {
            change(&skipped[index])
        } else {
            var entry = Skipped(path: path)
            change(&entry)
            skipped.append(entry)
        }
    }
}
