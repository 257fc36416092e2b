#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rotations logrotate leaves beside the alert log, found in its folder and put in order.
///
/// For `alerts.jsonl`, the names recognised are:
/// - numbered: `alerts.jsonl.1`, `alerts.jsonl.2.gz` … (a higher number is older);
/// - dated (`dateext`): `alerts.jsonl-20261207`, `alerts.jsonl-20261207.gz`, or any `dateformat` made of digits,
///   `-` and `_` (ordered by their digits: an older date first).
///
/// When both kinds exist (the configuration changed), the two sequences are merged by modification time. When a
/// rotation exists both plain and `.gz` (logrotate is compressing it), the plain one is read. Other names
/// (`alerts.jsonl.bak`, `.xz`, `.tmp`) are not rotations.
public enum AlertLogFiles {
    /// The rotations of the log at `path`, oldest first, without the log itself.
    ///
    /// - Throws: ``LogReaderError`` when the folder cannot be listed.
    public static func rotations(of path: String) throws(LogReaderError) -> [String] {
        let (folder, base) = split(path)
        guard let directory = opendir(folder.isEmpty ? "." : folder) else {
            throw .system("list the folder of", path: path, errno: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(base), name != base { names.append(name) }
        }
        let prefix = folder.isEmpty || folder.hasSuffix("/") ? folder : folder + "/"
        return ordered(names, base: base) { name in
            var info = stat()
            guard stat(prefix + name, &info) == 0 else { return 0 }
            return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        }.map { prefix + $0 }
    }

    /// A rotation's place in its sequence.
    enum Rotation: Hashable {
        /// `.N` or `.N.gz`.
        case numbered(Int)
        /// `-STAMP` or `-STAMP.gz`, with the stamp's digits.
        case dated(String)
    }

    /// What `name` is as a rotation of `base`, and whether it is compressed; `nil` when it is no rotation.
    static func rotation(_ name: String, base: String) -> (rotation: Rotation, compressed: Bool)? {
        guard name.hasPrefix(base) else { return nil }
        var rest = Substring(name.dropFirst(base.count))
        let compressed = rest.hasSuffix(".gz")
        if compressed { rest = rest.dropLast(3) }
        guard let separator = rest.first else { return nil }
        let stamp = rest.dropFirst()
        guard !stamp.isEmpty else { return nil }
        if separator == ".", stamp.allSatisfy(isDigit), let number = Int(stamp) {
            return (.numbered(number), compressed)
        }
        if separator == "-", stamp.first.map(isDigit) == true,
            stamp.allSatisfy({ isDigit($0) || $0 == "-" || $0 == "_" })
        {
            return (.dated(String(stamp.filter(isDigit))), compressed)
        }
        return nil
    }

    /// The rotations among `names`, oldest first (see the type's documentation); `modified` gives a name's
    /// modification time, used only to merge numbered and dated rotations.
    static func ordered(_ names: [String], base: String, modified: (String) -> Double) -> [String] {
        var chosen: [Rotation: (name: String, compressed: Bool)] = [:]
        for name in names {
            guard let (rotation, compressed) = rotation(name, base: base) else { continue }
            if let existing = chosen[rotation], !existing.compressed { continue }
            chosen[rotation] = (name, compressed)
        }
        var numbered: [(Int, String)] = []
        var dated: [(String, String)] = []
        for (rotation, file) in chosen {
            switch rotation {
            case .numbered(let number): numbered.append((number, file.name))
            case .dated(let digits): dated.append((digits, file.name))
            }
        }
        let olderNumbered = numbered.sorted { $0.0 > $1.0 }.map(\.1)
        let olderDated = dated.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.map(\.1)
        guard !olderNumbered.isEmpty, !olderDated.isEmpty else { return olderNumbered + olderDated }
        var merged: [String] = []
        var (left, right) = (olderNumbered[...], olderDated[...])
        while let first = left.first, let second = right.first {
            if modified(second) <= modified(first) {
                merged.append(second)
                right.removeFirst()
            } else {
                merged.append(first)
                left.removeFirst()
            }
        }
        return merged + left + right
    }

    private static func isDigit(_ character: Character) -> Bool {
        ("0"..."9").contains(character)
    }

    /// The folder (empty for a bare name) and the file name of `path`.
    static func split(_ path: String) -> (folder: String, base: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}
