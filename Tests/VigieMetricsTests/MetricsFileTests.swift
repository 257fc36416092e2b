import Foundation
import Testing

@testable import VigieMetrics

#if canImport(Glibc)
    import Glibc
#endif

/// ``MetricsFile`` replaces the file whole by rename, leaves nothing behind, and fails naming the path.
@Suite struct MetricsFileTests {
    static func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    static func status(_ path: String) -> stat {
        var status = stat()
        _ = lstat(path, &status)
        return status
    }

    /// A reader that opened the old file still reads it whole after the write: the new text went to another file,
    /// renamed over the old one, not into the old one.
    @Test func theTextIsWrittenToAnotherFileThenRenamedOverTheOldOne() throws {
        let folder = try TemporaryFolder()
        let file = MetricsFile(path: folder.file("vigie.prom"))
        try file.write("vigie_cycles_total 1\n")
        let before = Self.status(file.path)
        let reader = try #require(FileHandle(forReadingAtPath: file.path))
        defer { try? reader.close() }

        try file.write("vigie_cycles_total 2\n")

        #expect(try Self.contents(file.path) == "vigie_cycles_total 2\n")
        #expect(String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self) == "vigie_cycles_total 1\n")
        let after = Self.status(file.path)
        #expect(after.st_ino != before.st_ino)
        #expect(after.st_mode & 0o7777 == 0o644)
        #expect(try folder.names() == ["vigie.prom"])
    }

    @Test func noTemporaryFileIsLeftAfterManyWrites() throws {
        let folder = try TemporaryFolder()
        let file = MetricsFile(path: folder.file("vigie.prom"))
        for cycle in 1...20 {
            try file.write(String(repeating: "vigie_cycles_total \(cycle)\n", count: 2_000))
        }
        #expect(try folder.names() == ["vigie.prom"])
        #expect(try Self.contents(file.path).hasPrefix("vigie_cycles_total 20\n"))
    }

    /// The temporary file is hidden and does not end in `.prom`, so node_exporter never reads it.
    @Test func theTemporaryFileIsHiddenFromTheTextfileCollector() {
        let temporary = MetricsFile(path: "/var/lib/node_exporter/textfile_collector/vigie.prom").temporaryPath
        #expect(temporary == "/var/lib/node_exporter/textfile_collector/.vigie.prom.tmp-\(getpid())")
        #expect(MetricsFile(path: "vigie.prom").temporaryPath == ".vigie.prom.tmp-\(getpid())")
    }

    /// sysfs refuses to create a file, to root as well: a folder no one may write to.
    @Test func aFolderNoOneMayWriteToGivesAnErrorNamingThePath() throws {
        let path = "/sys/vigie-metrics-test.prom"
        let error = try #require(throws: MetricsFileError.self) { try MetricsFile(path: path).write("x 1\n") }
        #expect(error.code == .permissionDenied || error.code == .readOnly, "\(error)")
        #expect(error.path == path)
        #expect(
            error.message.hasPrefix("\(path): cannot write the metrics file: create /sys/.vigie-metrics-test.prom.tmp-")
        )
        #expect(FileManager.default.fileExists(atPath: path) == false)
    }

    @Test func aMissingFolderGivesAnErrorNamingThePath() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("missing/vigie.prom")
        let error = try #require(throws: MetricsFileError.self) { try MetricsFile(path: path).write("x 1\n") }
        #expect(error.code == .notFound)
        #expect(error.errno == ENOENT)
        #expect(error.message.hasPrefix("\(path): cannot write the metrics file: "))
        #expect(error.message.hasSuffix("create the folder, or fix metrics_file in vigie.toml"))
    }

    @Test func aFileWhereTheFolderShouldBeGivesAnErrorNamingThePath() throws {
        let folder = try TemporaryFolder()
        try "not a folder".write(toFile: folder.file("plain"), atomically: false, encoding: .utf8)
        let path = folder.file("plain/vigie.prom")
        let error = try #require(throws: MetricsFileError.self) { try MetricsFile(path: path).write("x 1\n") }
        #expect(error.code == .notFound)
        #expect(error.errno == ENOTDIR)
        #expect(error.description.contains(path))
    }

    /// A write that fails (here: a folder stands where the temporary file goes, and cannot be removed) leaves the
    /// old file as it was.
    @Test func aFailedWriteLeavesTheOldFileIntact() throws {
        let folder = try TemporaryFolder()
        let file = MetricsFile(path: folder.file("vigie.prom"))
        try file.write("vigie_cycles_total 1\n")
        try FileManager.default.createDirectory(atPath: file.temporaryPath, withIntermediateDirectories: false)
        try "x".write(toFile: file.temporaryPath + "/inside", atomically: false, encoding: .utf8)

        let error = try #require(throws: MetricsFileError.self) { try file.write("vigie_cycles_total 2\n") }

        #expect(error.path == file.path)
        #expect(error.message.hasPrefix("\(file.path): cannot write the metrics file: remove \(file.temporaryPath)"))
        #expect(try Self.contents(file.path) == "vigie_cycles_total 1\n")
        #expect(try folder.names() == [".vigie.prom.tmp-\(getpid())", "vigie.prom"])
    }

    /// When the rename fails (a folder stands at the path), the temporary file is removed.
    @Test func aFailedRenameLeavesNoTemporaryFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vigie.prom")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try "x".write(toFile: path + "/inside", atomically: false, encoding: .utf8)

        let error = try #require(throws: MetricsFileError.self) { try MetricsFile(path: path).write("x 1\n") }

        #expect(error.message.hasPrefix("\(path): cannot write the metrics file: rename "))
        #expect(try folder.names() == ["vigie.prom"])
        #expect(try Self.contents(path + "/inside") == "x")
    }

    /// A temporary file left by an earlier process with the same pid (a crash between create and rename) is
    /// replaced, not an error.
    @Test func aLeftoverTemporaryFileIsReplaced() throws {
        let folder = try TemporaryFolder()
        let file = MetricsFile(path: folder.file("vigie.prom"))
        try "half a metrics fi".write(toFile: file.temporaryPath, atomically: false, encoding: .utf8)
        try file.write("vigie_cycles_total 1\n")
        #expect(try Self.contents(file.path) == "vigie_cycles_total 1\n")
        #expect(try folder.names() == ["vigie.prom"])
    }

    /// A symbolic link planted under the temporary file's name (the collector's folder may be shared) is removed,
    /// not followed: the file it points to is not touched.
    @Test func aLinkPlantedAsTheTemporaryFileIsNotFollowed() throws {
        let folder = try TemporaryFolder()
        let victim = folder.file("victim")
        try "precious".write(toFile: victim, atomically: false, encoding: .utf8)
        let file = MetricsFile(path: folder.file("vigie.prom"))
        try FileManager.default.createSymbolicLink(atPath: file.temporaryPath, withDestinationPath: victim)

        try file.write("vigie_cycles_total 1\n")

        #expect(try Self.contents(victim) == "precious")
        #expect(try Self.contents(file.path) == "vigie_cycles_total 1\n")
        #expect(Self.status(file.path).st_mode & S_IFMT == S_IFREG)
        #expect(try folder.names() == ["victim", "vigie.prom"])
    }
}
