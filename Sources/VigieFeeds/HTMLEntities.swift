import CLibXML2

/// libxml2's HTML entities (`&eacute;`, `&nbsp;`…), looked up by name without allocating: its table read once into
/// a dictionary keyed by the name's bytes, libxml2 itself asked for any name the dictionary lacks.
enum HTMLEntities {
    /// The code point of the entity named `bytes[range]` (case-sensitive), nil when libxml2 knows no such entity.
    static func value(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32? {
        if range.count <= 8, let value = table[key(bytes, range)] { return value }
        var name = Array(bytes[range])
        name.append(0)
        return htmlEntityLookup(name).map { $0.pointee.value }
    }

    /// The first 8 bytes of a name packed into a word.
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var key: UInt64 = 0
        for (offset, index) in range.enumerated() { key |= UInt64(bytes[index]) << (8 * offset) }
        return key
    }

    /// Every entity libxml2 has a name of at most 8 bytes for (all of HTML 4's), by packed name. Its 253 values
    /// (libxml2 2.9.14) lie in U+0022–U+03E7 and U+1F40–U+2666; a name missed here is still asked of libxml2.
    private static let table: [UInt64: UInt32] = {
        var table: [UInt64: UInt32] = [:]
        for value in Array(UInt32(0x22)..<0x3E8) + Array(UInt32(0x1F40)..<0x2667) {
            guard let entity = htmlEntityValueLookup(value), let name = entity.pointee.name else { continue }
            let bytes = Array(String(cString: name).utf8)
            guard bytes.count <= 8 else { continue }
            bytes.withUnsafeBufferPointer { table[key($0, 0..<$0.count)] = entity.pointee.value }
        }
        return table
    }()
}
