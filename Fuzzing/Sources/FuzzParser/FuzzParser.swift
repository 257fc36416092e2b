import VigieFeeds

/// The libFuzzer entry point: parses the input as a feed document. Any thrown ``FeedParseError`` is an expected
/// outcome; a crash, a sanitizer report, a timeout or an out-of-memory is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        let feed = try FeedParser().parse(bytes, documentURL: "https://fuzz.example/feed")
        _ = feed.items.count
    } catch {
        _ = error
    }
    return 0
}
