// vigie-crash-helper: a process for the tests of Tests/VigieStoreTests to kill or to limit.
//
// `vigie-crash-helper loop STATE LOG` records and delivers alerts until killed (CrashConsistencyTests): it
// reconciles at start-up like the daemon, says "ready" on its standard output, then, forever, commits a batch of
// two polls as the daemon does and flushes. Batch N gives both feeds the ETag "N" and carries 1 to 3 new items
// with one alert each (in the first feed) and a repeat of an earlier article with a new alert that must be skipped
// (in the second); every alert's line says `"batch":N`. Lines are padded up to 4 KiB so that many straddle a page
// boundary.
//
// `vigie-crash-helper short-write LOG LIMIT` appends two lines under a file size limit (RLIMIT_FSIZE) that the
// second one crosses, so that `write(2)` writes only part of it, and prints the error code of each append.
import Foundation
import VigieStore

#if canImport(Glibc)
    import Glibc
#endif

/// Records and flushes alerts forever.
func loop(state: String, log: String) throws -> Never {
    let store = try StateStore(path: state)
    let delivery = AlertDelivery(store: store, log: try AlertLog(path: log))
    try delivery.reconcile()
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    let feeds = ["https://example.org/feed", "https://example.org/other"]
    var batch = try store.feedState(url: feeds[0])?.etag.flatMap { Int($0.dropFirst().dropLast()) } ?? 0
    var previousKey: String?
    while true {
        batch += 1
        let keys = (0..<Int.random(in: 1...3)).map { _ in "https://example.org/\(UUID().uuidString)" }
        let repeated = previousKey.map { [$0] } ?? []
        previousKey = keys.last
        let now = Date()
        let polls = zip(feeds, [keys, repeated]).map { feed, keys in
            FeedPollRecord(
                state: FeedState(
                    url: feed, etag: "\"\(batch)\"", lastStatus: .ok, firstPolled: now, lastPolled: now,
                    lastFetched: now),
                items: keys.map { SeenItem(articleKey: $0, feedURL: feed) },
                alerts: keys.map { key in
                    let id = NewAlert.makeAlertID()
                    let padding = String(repeating: "x", count: Int.random(in: 0..<4096))
                    let line =
                        #"{"alert_id":"\#(id)","watch":"crash","batch":\#(batch),"link":"\#(key)","#
                        + #""padding":"\#(padding)"}"#
                    return NewAlert(alertID: id, watch: "crash", articleKey: key, line: line)
                }
            )
        }
        _ = try store.commit(polls, at: now)
        try delivery.flush()
    }
}

/// Appends a short line then a long one under a file size limit of `limit` bytes; prints "ok" or each error's code.
func shortWrite(log path: String, limit: Int) throws {
    signal(SIGXFSZ, SIG_IGN)
    var rlimit = rlimit(rlim_cur: rlim_t(limit), rlim_max: rlim_t(limit))
    guard setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &rlimit) == 0 else { throw POSIXError(.EPERM) }
    let log = try AlertLog(path: path)
    for line in [#"{"alert_id":"short"}"#, #"{"alert_id":"long","padding":"\#(String(repeating: "x", count: 200))"}"#] {
        do {
            try log.append(line)
            print("ok")
        } catch let error as StoreError {
            print(error.code)
            FileHandle.standardError.write(Data("\(error)\n".utf8))
        }
    }
}

let arguments = CommandLine.arguments
do {
    switch arguments.dropFirst().first {
    case "loop" where arguments.count == 4:
        try loop(state: arguments[2], log: arguments[3])
    case "short-write" where arguments.count == 4:
        try shortWrite(log: arguments[2], limit: Int(arguments[3]) ?? 0)
    default:
        FileHandle.standardError.write(Data("usage: vigie-crash-helper loop STATE LOG | short-write LOG LIMIT\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("vigie-crash-helper: \(error)\n".utf8))
    exit(1)
}
