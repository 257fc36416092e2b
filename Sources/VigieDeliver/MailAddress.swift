/// One mailbox of a message's `From` or `To`: the bare address SMTP's envelope uses, and the display name the header
/// field shows.
struct MailAddress: Equatable {
    /// The display name (`Vigie` in `Vigie <vigie@example.org>`), if any.
    var name: String?
    /// The bare address: `local@domain`, printable ASCII.
    var address: String

    /// Reads `text`: `local@domain`, or `Name <local@domain>` (the name may be in double quotes); `nil` when there is
    /// no valid address.
    ///
    /// The address must be printable ASCII with one `@`, something on both sides, and no space or
    /// `< > ( ) , ; : " [ ] \` (no quoted local parts, no domain literals, no internationalised addresses).
    init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var name: String?
        if rest.hasSuffix(">"), let open = rest.lastIndex(of: "<") {
            var display = rest[..<open].trimmingCharacters(in: .whitespaces)
            if display.count >= 2, display.hasPrefix("\""), display.hasSuffix("\"") {
                display = String(display.dropFirst().dropLast())
                    .replacing("\\\"", with: "\"").replacing("\\\\", with: "\\")
            }
            let collapsed = display.snippet(limit: Int.max)
            name = collapsed.isEmpty ? nil : collapsed
            rest = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
        }
        let address = String(rest)
        guard Self.isValid(address) else { return nil }
        self.name = name
        self.address = address
    }

    /// Whether `address` is a bare address this type accepts.
    static func isValid(_ address: String) -> Bool {
        let forbidden = Set("<>(),;:\"[]\\".utf8)
        let bytes = Array(address.utf8)
        guard bytes.allSatisfy({ (0x21...0x7E).contains($0) && !forbidden.contains($0) }) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    /// The words of this mailbox in a header field: the address alone, or the name (as atoms, a quoted string, or
    /// RFC 2047 encoded-words when it is not ASCII) followed by `<address>`.
    var headerWords: [String] {
        guard let name else { return [address] }
        let atext = Set("!#$%&'*+-/=?^_`{|}~".utf8)
        let isAtoms = name.utf8.allSatisfy {
            $0 == UInt8(ascii: " ") || atext.contains($0) || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                || (0x61...0x7A).contains($0)
        }
        let atoms = name.split(separator: " ").map(String.init)
        let phrase: [String]
        if isAtoms && !name.contains("=?") && atoms.allSatisfy({ $0.utf8.count <= MIMEEncoding.longestPlainWord }) {
            phrase = atoms
        } else if MIMEEncoding.isPlain(name) && name.utf8.count <= MIMEEncoding.longestPlainWord {
            phrase = ["\"" + name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""]
        } else {
            phrase = MIMEEncoding.encodedWords(name)
        }
        return phrase + ["<\(address)>"]
    }
}
