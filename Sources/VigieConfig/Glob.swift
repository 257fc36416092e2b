import Glibc

/// Shell-style file name patterns (`watchlists/*.toml`), expanded with glibc's `glob(3)`.
enum Glob {
    /// The paths `pattern` matches, sorted; a pattern without wildcards gives itself when the file exists.
    static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }

    /// Whether `pattern` has a wildcard (`*`, `?` or `[`), rather than naming one file.
    static func hasWildcards(_ pattern: String) -> Bool {
        pattern.contains { "*?[".contains($0) }
    }
}
