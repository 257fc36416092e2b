import TOMLKit
import VigieWatch

extension Watchlist {
    /// Reads a watchlist from TOML text.
    ///
    /// The smallest watchlist is `[[watch]]` / `name = "mine"` / `any = ["open weights", "Llama 3"]`; see
    /// ``Watch`` for every key. `file` only names the source in errors.
    ///
    /// - Throws: ``WatchlistError`` with the file, line and column for invalid TOML (from TOMLKit's parser), an
    ///   unknown key (with a suggestion for a likely typo), a value of the wrong type, an invalid value, a missing
    ///   name, a duplicate watch name, a phrase with no word in it, or a query that does not parse (placed at the
    ///   offending character of the query).
    public static func parse(_ source: String, file: String) throws(WatchlistError) -> Watchlist {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: source)
        } catch let error as TOMLParseError {
            throw WatchlistError(
                code: .syntax, file: file, line: error.source.begin.line, column: error.source.begin.column,
                reason: "invalid TOML: \(error.description)")
        } catch {
            throw WatchlistError(code: .syntax, file: file, reason: "invalid TOML: \(error)")
        }
        do {
            return try WatchlistDecoder().decode(document)
        } catch {
            let map = TOMLSourceMap(source)
            let position =
                if let offset = error.offsetInString {
                    map.position(inString: error.path, offset: offset)
                } else if error.atValue {
                    map.valuePosition(error.path)
                } else {
                    map.keyPosition(error.path)
                }
            throw WatchlistError(
                code: error.code, file: file, line: position?.line ?? 1, column: position?.column ?? 1,
                reason: error.reason)
        }
    }
}
