import Foundation
import VigieFeeds

/// Access to `Tests/Fixtures/` (files copied into the repository with their licences, so a fresh clone tests alone).
enum Fixtures {
    /// The `Tests/Fixtures` folder, found from this source file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The bytes of a fixture file, by path under `Tests/Fixtures`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// The text of a fixture file (UTF-8).
    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }
}

/// Parses a document given as a Swift string (UTF-8) with the default limits.
func parse(_ document: String, url: String? = nil, charset: String? = nil) throws -> Feed {
    try FeedParser().parse(Array(document.utf8), documentURL: url, charset: charset)
}

/// The error a document raises, or `nil` when it parses.
func parseError(_ document: [UInt8]) -> FeedParseError? {
    do {
        _ = try FeedParser().parse(document)
        return nil
    } catch {
        return error
    }
}

/// RFC 3339 of an optional date, for compact expectations.
func stamp(_ date: Date?) -> String? {
    date.map(DateParser.rfc3339)
}
