/// The classes of the scalars most text is made of, ready-made for ``TextNormalizer``: Latin, Greek, Cyrillic
/// and the other alphabets below U+2100, general punctuation, and the full-width forms. Built once, on first use.
///
/// Entries are plain values and the folded bytes of all entries share one buffer, so that reading them in the
/// normaliser's loop costs no reference counting.
struct ScalarTable: Sendable {
    /// One scalar's class.
    struct Entry: Sendable {
        /// Its role.
        var kind: ScalarClass.Kind
        /// 1 for an upper-case letter, 2 for a lower-case one, 0 otherwise.
        var letterCase: UInt8
        /// Its case-folded bytes in ``bytes``.
        var folded: Range<Int32>
        /// Its case-kept bytes in ``bytes``.
        var cased: Range<Int32>
    }

    /// The entries, by ``index(of:)``.
    let entries: [Entry]
    /// The folded forms of every entry.
    let bytes: [UInt8]

    /// The shared table.
    static let shared = ScalarTable()

    private init() {
        var entries: [Entry] = []
        var bytes: [UInt8] = []
        for value in Array(0..<0x2100) + Array(0xFF00..<0xFFF0) {
            let scalarClass = Unicode.Scalar(UInt32(value)).map(ScalarClass.of) ?? ScalarClass.of(" ")
            let foldStart = Int32(bytes.count)
            bytes += scalarClass.folded
            let casedStart = Int32(bytes.count)
            bytes += scalarClass.cased
            entries.append(
                Entry(
                    kind: scalarClass.kind,
                    letterCase: scalarClass.isUpper ? 1 : scalarClass.isLower ? 2 : 0,
                    folded: foldStart..<casedStart, cased: casedStart..<Int32(bytes.count)))
        }
        self.entries = entries
        self.bytes = bytes
    }

    /// The entry index of scalar `value`, or `nil` when the table does not hold it.
    static func index(of value: UInt32) -> Int? {
        if value < 0x2100 { return Int(value) }
        if value >= 0xFF00 && value < 0xFFF0 { return Int(value - 0xFF00) + 0x2100 }
        return nil
    }
}
