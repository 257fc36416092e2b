import CLibXML2
import Glibc

/// Resolves relative references (RFC 3986) against a base, with libxml2's URI code.
enum URIResolver {
    /// `reference` resolved against `base`; `reference` itself (trimmed) when there is no base or resolution fails.
    static func resolve(_ reference: String, against base: String?) -> String {
        let trimmed = reference.trimmingASCIIWhitespace()
        guard let base, !base.isEmpty else { return trimmed }
        guard let built = xmlBuildURI(trimmed, base) else { return trimmed }
        // libxml2's `xmlFree` is `free` (Vigie never installs custom allocators); the global itself is not
        // concurrency-safe to read from Swift.
        defer { free(built) }
        return String(cString: built)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace (space, tab, CR, LF, form feed).
    func trimmingASCIIWhitespace() -> String {
        let utf8 = self.utf8
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
        }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isSpace($0) })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
