import Foundation

/// Finds the line a key was written on in TOML source text, so semantic errors (unknown key, wrong type) point at it.
///
/// TOMLKit reports lines only for syntax errors. This scans the text the way a reader would: table headers
/// (`[fetch]`, `[[feed]]`, counting array-of-tables entries) and `key =` lines, skipping comments and multi-line
/// strings. It is used only to place messages; parsing itself is TOMLKit's.
struct TOMLLocator {
    private struct Entry {
        var table: String
        var key: String
        var line: Int
    }

    private var entries: [Entry] = []
    private var headers: [String: Int] = [:]

    /// Indexes `source`.
    init(source: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        var inMultiline: String?
        for (index, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if let delimiter = inMultiline {
                if line.contains(delimiter) { inMultiline = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = line.dropFirst(2).prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                let position = arrayCounts[name, default: 0]
                arrayCounts[name] = position + 1
                table = "\(name)[\(position)]"
                headers[table] = number
                continue
            }
            if line.hasPrefix("[") {
                table = line.dropFirst().prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                headers[table] = number
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: .init(charactersIn: "\"'"))
            entries.append(Entry(table: table, key: key, line: number))
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where value.components(separatedBy: delimiter).count == 2 {
                inMultiline = delimiter
            }
        }
    }

    /// The line of `key` in `table` (`""` for the top level, `fetch`, `feed[2]`), else the table's header line,
    /// else 0.
    func line(of key: String, in table: String = "") -> Int {
        entries.first { $0.table == table && $0.key == key }?.line ?? headers[table] ?? 0
    }
}
