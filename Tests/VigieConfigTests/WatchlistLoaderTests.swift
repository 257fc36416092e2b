import Foundation
import Testing

import VigieWatch

@testable import VigieConfig

@Suite struct WatchlistLoaderTests {
    /// A fresh temporary directory holding `files` (name to content).
    private func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, content) in files {
            try content.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    @Test func loadsFilesAndGlobsInOrder() throws {
        let folder = try directory([
            "b.toml": "[[watch]]\nname = \"b\"\nany = [\"y\"]\n",
            "a.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\n",
            "c.toml": "[[watch]]\nname = \"c\"\nany = [\"z\"]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let merged = try WatchlistLoader().load([folder.path + "/c.toml", folder.path + "/[ab].toml"])
        #expect(merged.watches.map(\.name) == ["c", "a", "b"])
    }

    @Test func aWatchNameUsedByAnEarlierFileIsAnError() throws {
        let folder = try directory([
            "a.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\n",
            "b.toml": "# mine\n[[watch]]\nname = \"b\"\nany = [\"y\"]\n[[watch]]\n  name = \"a\"\nany = [\"z\"]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.path + "/a.toml"
        let b = folder.path + "/b.toml"
        #expect(
            throws: WatchlistError(
                code: .duplicateName, file: b, line: 6, column: 3,
                reason: "a watch named `a` is already defined in \(a); rename one of them")
        ) { try WatchlistLoader().load([a, b]) }
    }

    @Test func missingFilesAndEmptyGlobsAreReported() throws {
        let folder = try directory([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.path + "/none.toml"
        #expect(throws: WatchlistError.self) { try WatchlistLoader().load([missing]) }
        do {
            _ = try WatchlistLoader().load([missing])
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.description.hasPrefix("\(missing): cannot read the watchlist: "))
        }
        #expect(
            throws: WatchlistError(
                code: .unreadable, file: folder.path + "/*.toml", reason: "no watchlist file matches this pattern")
        ) { try WatchlistLoader().load([folder.path + "/*.toml"]) }
    }

    @Test func errorsInsideAFileNameThatFile() throws {
        let folder = try directory(["bad.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\nlevel = 3\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/bad.toml"
        #expect(
            throws: WatchlistError(
                code: .wrongType, file: path, line: 4, column: 1, reason: "`level` must be a string, not an integer")
        ) { try WatchlistLoader().load([path]) }
    }
}
