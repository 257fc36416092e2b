extension FeedItem {
    /// The identifier of an item that has neither id nor link: `"hash:"` and 16 hex digits of the 64-bit FNV-1a hash
    /// of its title, a NUL separator and its content (summary when there is no content).
    ///
    /// FNV-1a is used because it is stable across runs, machines and Swift versions (Swift's `Hasher` is seeded per
    /// process), and an id needs no cryptographic strength: it only tells items of one feed apart.
    public static func fallbackIdentifier(title: String?, content: String?) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
        }
        mix((title ?? "").utf8)
        mix(CollectionOfOne(0))
        mix((content ?? "").utf8)
        let hex = String(hash, radix: 16)
        return "hash:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension FeedItem {
    /// The key this item is de-duplicated by across feeds and restarts, read in `feedURL`: see
    /// ``CanonicalLink/articleKey(link:id:feedURL:)``. Article identity is defined here and nowhere else.
    public func articleKey(feedURL: String) -> String {
        CanonicalLink.articleKey(link: link, id: id, feedURL: feedURL)
    }
}
