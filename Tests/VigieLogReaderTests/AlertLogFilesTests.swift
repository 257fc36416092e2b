import Foundation
import Testing

@testable import VigieLogReader

/// Finding the rotations of `alerts.jsonl` in a real folder, and their order: oldest first.
@Suite struct AlertLogFilesTests {
    @Test func numberedRotationsComeHighestNumberFirstCompressedOrNot() throws {
        let folder = try LogFolder()
        for name in ["alerts.jsonl", "alerts.jsonl.1", "alerts.jsonl.2.gz", "alerts.jsonl.10.gz", "alerts.jsonl.3.gz"] {
            try folder.write(name, "")
        }
        let rotations = try AlertLogFiles.rotations(of: folder.path("alerts.jsonl"))
        #expect(
            rotations
                == ["alerts.jsonl.10.gz", "alerts.jsonl.3.gz", "alerts.jsonl.2.gz", "alerts.jsonl.1"].map(folder.path)
        )
    }

    @Test func datedRotationsComeOldestDateFirst() throws {
        let folder = try LogFolder()
        for name in ["alerts.jsonl", "alerts.jsonl-20261207", "alerts.jsonl-20261123.gz", "alerts.jsonl-20261130.gz"] {
            try folder.write(name, "")
        }
        let rotations = try AlertLogFiles.rotations(of: folder.path("alerts.jsonl"))
        #expect(
            rotations
                == ["alerts.jsonl-20261123.gz", "alerts.jsonl-20261130.gz", "alerts.jsonl-20261207"].map(folder.path))
    }

    @Test func otherFilesOfTheFolderAreNoRotations() throws {
        let folder = try LogFolder()
        for name in [
            "alerts.jsonl", "alerts.jsonl.bak", "alerts.jsonl.1.xz", "alerts.jsonlx", "alerts.jsonl.", "alerts.jsonl-",
            "alerts.jsonl.gz.tmp", "alerts.jsonl-x2026", "other.jsonl.1", "alerts.json.1", "alerts.jsonl.1",
        ] {
            try folder.write(name, "")
        }
        #expect(try AlertLogFiles.rotations(of: folder.path("alerts.jsonl")) == [folder.path("alerts.jsonl.1")])
    }

    @Test func aRotationBeingCompressedIsReadFromItsPlainFile() throws {
        let folder = try LogFolder()
        for name in ["alerts.jsonl.2", "alerts.jsonl.2.gz", "alerts.jsonl-20261207.gz", "alerts.jsonl-20261207"] {
            try folder.write(name, "")
        }
        try folder.setModified("alerts.jsonl.2", 1_000)
        try folder.setModified("alerts.jsonl-20261207", 2_000)
        #expect(
            try AlertLogFiles.rotations(of: folder.path("alerts.jsonl"))
                == [folder.path("alerts.jsonl.2"), folder.path("alerts.jsonl-20261207")])
    }

    /// The configuration moved from numbered names to `dateext` (or back): the two sequences are merged by their
    /// modification times, each keeping its own order.
    @Test func mixedNumberedAndDatedRotationsAreMergedByModificationTime() throws {
        let folder = try LogFolder()
        let files: [(String, Int)] = [
            ("alerts.jsonl.3.gz", 100), ("alerts.jsonl.2.gz", 200), ("alerts.jsonl.1", 300),
            ("alerts.jsonl-20261130.gz", 400), ("alerts.jsonl-20261207", 500),
        ]
        for (name, modified) in files.shuffled() {
            try folder.write(name, "")
            try folder.setModified(name, modified)
        }
        #expect(try AlertLogFiles.rotations(of: folder.path("alerts.jsonl")) == files.map { folder.path($0.0) })
    }

    @Test(arguments: [
        ("alerts.jsonl.1", AlertLogFiles.Rotation.numbered(1), false),
        ("alerts.jsonl.52.gz", .numbered(52), true),
        ("alerts.jsonl-20261207", .dated("20261207"), false),
        ("alerts.jsonl-2026-12-07.gz", .dated("20261207"), true),
        ("alerts.jsonl-2026120714", .dated("2026120714"), false),
    ])
    func rotationNamesAreRead(name: String, rotation: AlertLogFiles.Rotation, compressed: Bool) {
        let read = AlertLogFiles.rotation(name, base: "alerts.jsonl")
        #expect(read?.rotation == rotation)
        #expect(read?.compressed == compressed)
    }

    @Test func aMissingFolderIsNotFoundNamingTheLog() throws {
        let folder = try LogFolder()
        let path = folder.path("nowhere/alerts.jsonl")
        #expect {
            try AlertLogFiles.rotations(of: path)
        } throws: { error in
            (error as? LogReaderError)?.code == .notFound && "\(error)".hasPrefix(path)
        }
    }
}
