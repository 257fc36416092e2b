/// Puts swift-prometheus's text exposition in a stable order: families by name, and the samples of each family by
/// their series (a histogram's are left in the order of their buckets).
///
/// swift-prometheus writes families and label sets in the order of its dictionaries, which changes from one process
/// to the next; sorted, two metrics files differ only where the numbers do. Label values hold no raw line feed (the
/// text format escapes it), so every line is a comment or one sample.
enum ExpositionOrder {
    private typealias Family = (header: [Substring], samples: [Substring])

    /// `text` with its families and samples sorted; each line still ends with a line feed.
    static func sorted(_ text: String) -> String {
        var families: [Family] = []
        for line in text.split(separator: "\n") {
            if families.isEmpty || opensFamily(line, after: families[families.count - 1]) {
                families.append((header: [], samples: []))
            }
            if line.hasPrefix("#") {
                families[families.count - 1].header.append(line)
            } else {
                families[families.count - 1].samples.append(line)
            }
        }
        var lines: [Substring] = []
        for family in families.sorted(by: { name(of: $0) < name(of: $1) }) {
            lines += family.header
            let isHistogram = family.header.contains { $0.hasPrefix("# TYPE ") && $0.hasSuffix(" histogram") }
            lines += isHistogram ? family.samples : family.samples.sorted()
        }
        return lines.map { "\($0)\n" }.joined()
    }

    /// Whether `line` begins the next family: a `# HELP` or `# TYPE` line after samples, or after a line of its
    /// own kind.
    private static func opensFamily(_ line: Substring, after current: Family) -> Bool {
        guard line.hasPrefix("#") else { return false }
        return !current.samples.isEmpty || current.header.contains { $0.prefix(7) == line.prefix(7) }
    }

    /// The metric name of a family: the third word of its first `# HELP` or `# TYPE` line.
    private static func name(of family: Family) -> Substring {
        guard let first = family.header.first else { return "" }
        let words = first.split(separator: " ", maxSplits: 3)
        return words.count > 2 ? words[2] : ""
    }
}
