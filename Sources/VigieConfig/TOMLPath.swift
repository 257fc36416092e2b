/// Where a key or value is in a TOML document, as steps from the top: `fetch.timeout`, `feed[2].url`,
/// `watch[3].any[1]`. Its description is the `key` of a ``ConfigError``.
struct TOMLPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    enum Step: Hashable, Sendable {
        /// A key of a table.
        case key(String)
        /// An index in an array (or array of tables), from 0.
        case index(Int)
    }

    /// The steps, from the document's top-level table.
    var steps: [Step]

    /// The document's top-level table.
    static let root = TOMLPath(steps: [])

    /// The path of `key` in the table at this path.
    func key(_ key: String) -> TOMLPath {
        TOMLPath(steps: steps + [.key(key)])
    }

    /// The path of element `index` of the array at this path.
    func index(_ index: Int) -> TOMLPath {
        TOMLPath(steps: steps + [.index(index)])
    }

    /// The path `relative` (written as a description is: `entities[0].aliases[2]`) names below this one.
    func appending(_ relative: String) -> TOMLPath {
        var path = self
        for part in relative.split(separator: ".") {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                path = path.key(String(rest[..<bracket]))
                rest = rest[bracket...]
            } else {
                path = path.key(String(rest))
                continue
            }
            while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) { path = path.index(index) }
                rest = rest[rest.index(after: close)...]
            }
        }
        return path
    }

    /// `feed[2].url`; a key that is not a bare TOML key is quoted (`headers."X Token"`).
    var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                if !text.isEmpty { text += "." }
                let bare =
                    !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }
                text += bare ? key : "\"\(key)\""
            }
        }
        return text
    }
}
