import Foundation
import GRDB
import Testing

@testable import VigieStore

/// A fresh folder under the system's temporary folder, removed with everything in it when released.
final class TemporaryFolder {
    /// The folder's path.
    let path: String

    /// Creates the folder.
    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` in the folder.
    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// A store at `state.sqlite` in the folder.
    func store() throws -> StateStore {
        try StateStore(path: file("state.sqlite"))
    }

    /// A log at `alerts.jsonl` in the folder.
    func log() throws -> AlertLog {
        try AlertLog(path: file("alerts.jsonl"))
    }
}

/// An alert for (`watch`, `key`) with a fresh id and a line carrying it.
func makeAlert(watch: String = "ai-alliance", key: String, title: String = "A title") -> NewAlert {
    let id = NewAlert.makeAlertID()
    let line = #"{"alert_id":"\#(id)","watch":"\#(watch)","link":"\#(key)","title":"\#(title)"}"#
    return NewAlert(alertID: id, watch: watch, articleKey: key, line: line)
}

/// The lines of the file at `path` (split at `\n`; a last line without `\n` is included).
func lines(of path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// The alert ids of the lines of the log at `path`, in order; `nil` for a line that is not valid JSON.
func alertIDs(inLog path: String) throws -> [String?] {
    try lines(of: path).map { AlertLine.alertID(in: Array($0.utf8)) }
}

/// The permission bits of the file at `path`.
func permissions(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The process's umask, read from `/proc/self/status` (calling `umask(2)` would change it for everyone).
func currentUmask() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
    return try #require(Int(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8))
}

/// A date at `seconds` after 2024-01-01T00:00:00Z (whole seconds round-trip exactly through the store).
func date(_ seconds: Int) -> Date {
    Date(timeIntervalSince1970: 1_704_067_200 + TimeInterval(seconds))
}

/// One hour, the unit of the retention tests' clocks.
let hour: TimeInterval = 60 * 60

/// The stored row of a seen item: its feed and dates, or `nil` when the item is not (or no longer) seen.
func seenRow(_ key: String, in store: StateStore) throws -> (feedURL: String, firstSeen: Date, lastSeen: Date)? {
    try store.pool.read { db in
        try Row.fetchOne(
            db, sql: "SELECT feed_url, first_seen, last_seen FROM seen_items WHERE article_key = ?", arguments: [key]
        ).map { row in (row["feed_url"], row["first_seen"], row["last_seen"]) }
    }
}

/// How many seen items the store holds.
func seenCount(_ store: StateStore) throws -> Int {
    try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seen_items") ?? 0 }
}
