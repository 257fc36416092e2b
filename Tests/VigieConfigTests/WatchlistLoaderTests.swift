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

    /// The problems of loading `paths`, or `[]` when they load.
    private func problems(_ paths: [String]) -> [ConfigError] {
        do {
            _ = try WatchlistLoader.load(paths: paths)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func loadsFilesAndGlobsInOrder() throws {
        let folder = try directory([
            "b.toml": "[[watch]]\nname = \"b\"\nany = [\"y\"]\n",
            "a.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\n",
            "c.toml": "[[watch]]\nname = \"c\"\nany = [\"z\"]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let merged = try WatchlistLoader.load(paths: [folder.path + "/c.toml", folder.path + "/[ab].toml"])
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
            problems([a, b]) == [
                ConfigError(
                    code: .duplicateName, file: b, line: 6, column: 3, key: "watch[1].name",
                    message: "a watch named `a` is already defined in \(a); rename one of them")
            ])
        #expect(problems([a, a]).map(\.code) == [.duplicateName], "the same file named twice")
    }

    @Test func missingFilesAndEmptyGlobsAreReported() throws {
        let folder = try directory([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.path + "/none.toml"
        #expect(
            problems([missing]) == [
                ConfigError(
                    code: .unreadable, file: missing, message: "cannot read the watchlist: No such file or directory")
            ])
        #expect(
            problems([folder.path + "/*.toml"]) == [
                ConfigError(
                    code: .unreadable, file: folder.path + "/*.toml", message: "no watchlist file matches this pattern")
            ])
    }

    @Test func errorsInsideAFileNameThatFile() throws {
        let folder = try directory(["bad.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\nlevel = 3\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/bad.toml"
        #expect(
            problems([path]) == [
                ConfigError(
                    code: .wrongType, file: path, line: 4, column: 1, key: "watch[0].level",
                    message: "must be a string, not an integer")
            ])
    }

    @Test func twoFilesWithProblemsReportEveryProblemFileByFile() throws {
        let folder = try directory([
            "a.toml": "[[watch]]\nname = \"a\"\nany = [\"x\"]\ncase_sensitive = \"yes\"\n",
            "b.toml": "[[watch]]\nname = \"b\"\nany = [\"?!\"]\n\n[[watch]]\nname = \"c\"\nal = [\"x\"]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            problems([folder.path + "/*.toml"]).map(\.description) == [
                "\(folder.path)/a.toml:4:1: watch[0].case_sensitive: must be true or false, not a string",
                "\(folder.path)/b.toml:3:8: watch[0].any[0]: the phrase \"?!\" has no letter or digit to match",
                "\(folder.path)/b.toml:5:1: watch[1]: watch `c` looks for nothing: give it `any`, `all`, `entities` or a `query`",
                "\(folder.path)/b.toml:7:1: watch[1].al: unknown key in a watch; did you mean `all`?",
            ])
    }

    @Test func aValueTheMatcherRefusesIsPlacedInItsFile() throws {
        // Files are checked before they are compiled, so no file reaches the matcher with such a value; the
        // placing is tested on its own: watch 2 of the merged list is the first watch of the second file.
        var files = WatchlistFiles()
        files.add(source: "[[watch]]\nname = \"a\"\nany = [\"x\"]\n", file: "a.toml")
        files.add(
            source:
                "[[watch]]\nname = \"b\"\n\n[[watch.entities]]\nname = \"IBM\"\naliases = [\"Big Blue\", \"I.B.M.\"]\n",
            file: "b.toml")
        #expect(files.problems == [])
        let placed = files.place(WatchlistError(watch: 1, key: "entities[0].aliases[1]", reason: "refused"))
        #expect(placed.description == "b.toml:6:24: watch[0].entities[0].aliases[1]: refused")
        #expect(placed.code == .invalidValue)
        #expect(files.place(WatchlistError(watch: 0, key: "query", reason: "refused")).code == .query)
    }
}
