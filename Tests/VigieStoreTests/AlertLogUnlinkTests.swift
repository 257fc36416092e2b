import Foundation
import Testing

@testable import VigieStore

/// The alert log deleted or replaced under a running daemon: the next append goes to the file at the path (a new
/// one when it was deleted, the replacement when another file was moved over it), not to the open file nobody can
/// read any more. A rotation (a rename: the old file keeps a name) still waits for `SIGUSR1`.
@Suite struct AlertLogUnlinkTests {
    /// The lines of the file at `path`.
    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func anAppendAfterTheLogWasDeletedRecreatesIt() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        try log.append(#"{"n":1}"#)
        try FileManager.default.removeItem(atPath: log.path)
        try log.append(#"{"n":2}"#)
        #expect(try lines(log.path) == [#"{"n":2}"#])
    }

    @Test func anAppendAfterTheLogWasReplacedGoesToTheReplacement() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        try log.append(#"{"n":1}"#)
        // What `sed -i` or an editor does: a new file renamed over the log.
        try #"{"n":1,"edited":true}"#.appending("\n").write(
            toFile: folder.file("edited.tmp"), atomically: false, encoding: .utf8)
        #expect(rename(folder.file("edited.tmp"), log.path) == 0)
        try log.append(#"{"n":2}"#)
        #expect(try lines(log.path) == [#"{"n":1,"edited":true}"#, #"{"n":2}"#])
    }

    @Test func aRotatedLogKeepsReceivingAppendsUntilReopened() throws {
        let folder = try TemporaryFolder()
        let log = try folder.log()
        try log.append(#"{"n":1}"#)
        #expect(rename(log.path, log.path + ".1") == 0)
        try log.append(#"{"n":2}"#)
        #expect(try lines(log.path + ".1") == [#"{"n":1}"#, #"{"n":2}"#])
        #expect(!FileManager.default.fileExists(atPath: log.path))
        try log.reopen()
        try log.append(#"{"n":3}"#)
        #expect(try lines(log.path) == [#"{"n":3}"#])
    }
}
