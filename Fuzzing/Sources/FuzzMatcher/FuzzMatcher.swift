import Foundation
import VigieConfig
import VigieWatch

/// The matcher, built once from the watchlist named by `VIGIE_FUZZ_WATCHLIST` (Tools/fuzz.sh sets it to
/// Config/watchlists/ai-alliance.toml).
private let matcher: Matcher = {
    let path = ProcessInfo.processInfo.environment["VIGIE_FUZZ_WATCHLIST"] ?? "Config/watchlists/ai-alliance.toml"
    do {
        return try Matcher(watchlist: WatchlistLoader.load(paths: [path]))
    } catch {
        fatalError("fuzz-matcher: cannot load the watchlist \(path): \(error)")
    }
}()

/// The libFuzzer entry point: the input, decoded as UTF-8 with repairs, is split at the first two newlines into
/// title, summary and content, and matched. A crash, a sanitizer report or a timeout is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    let item = MatchableItem(
        id: "fuzz",
        title: parts.count > 0 ? parts[0] : nil,
        summary: parts.count > 1 ? parts[1] : nil,
        content: parts.count > 2 ? parts[2] : nil
    )
    _ = matcher.match(item)
    return 0
}
