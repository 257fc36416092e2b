/// MinHash signatures and their LSH bands: the agreement of two signatures estimates the Jaccard similarity of
/// two sets of shingles, and two items whose signatures agree on one whole band share a bucket.
public enum MinHash {
    /// Values per signature.
    public static let size = 32
    /// Bands of ``rows`` values: 8 bands of 4 rows find most pairs of Jaccard similarity 0.6 and above (the
    /// chance a pair with similarity s shares a band is 1 - (1 - s^4)^8: 0.66 at s = 0.5, 0.87 at 0.6, 0.98 at
    /// 0.7); the agreement is then checked on the whole signature.
    public static let bands = 8
    /// Values per band.
    public static let rows = 4

    /// The signature of `shingles` (all `UInt64.max` for an empty set, which agrees with nothing).
    public static func signature(of shingles: [String]) -> [UInt64] {
        var minima = [UInt64](repeating: .max, count: size)
        for shingle in shingles {
            let base = fnv1a(shingle)
            for index in 0..<size {
                let value = mix(base &+ seeds[index])
                if value < minima[index] { minima[index] = value }
            }
        }
        return minima
    }

    /// The share of positions where `a` and `b` agree (0 when either is empty).
    public static func agreement(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard a.first != .max, b.first != .max else { return 0 }
        var same = 0
        for index in 0..<size where a[index] == b[index] { same += 1 }
        return Double(same) / Double(size)
    }

    /// One key per band of `signature`, for the buckets (none for an empty signature).
    public static func bandKeys(_ signature: [UInt64]) -> [UInt64] {
        guard signature.first != .max else { return [] }
        return (0..<bands).map { band in
            var key = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<rows { key = mix(key ^ signature[band * rows + row]) }
            return key
        }
    }

    /// FNV-1a, 64 bits: stable across runs and machines (Swift's `Hasher` is seeded per process).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// splitmix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static let seeds: [UInt64] = (0..<size).map { mix(UInt64($0) &* 0x2545_F491_4F6C_DD1D) }
}
