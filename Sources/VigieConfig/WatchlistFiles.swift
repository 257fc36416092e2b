import VigieWatch

/// Watchlist files as they are read, one after the other: their watches merged, their problems kept file by file,
/// and where each watch came from, so that a problem found later (by the matcher) is placed in its file too.
struct WatchlistFiles {
    /// One file read, or the reason it could not be.
    private enum Entry {
        case read(TOMLDocument)
        case failed(ConfigError)
    }

    private var entries: [Entry] = []
    private var watches: [Watch] = []
    /// For each watch, its file's entry and the path of its `[[watch]]` table there.
    private var origins: [(entry: Int, path: TOMLPath)] = []
    /// Each watch name's first file, and its entry.
    private var names: [String: (file: String, entry: Int)] = [:]

    /// Every problem, file by file, each file's in the order of their place in it.
    var problems: [ConfigError] {
        entries.flatMap { entry in
            switch entry {
            case .read(let document): document.sortedProblems
            case .failed(let problem): [problem]
            }
        }
    }

    /// Reads the files a path or glob pattern names: a path without wildcards is read as it is (so that a missing
    /// file is reported as missing), a pattern that matches nothing is a problem.
    mutating func add(pattern: String) {
        guard Glob.hasWildcards(pattern) else { return add(file: pattern) }
        let files = Glob.expand(pattern)
        guard !files.isEmpty else {
            let problem = ConfigError(
                code: .unreadable, file: pattern, message: "no watchlist file matches this pattern")
            return entries.append(.failed(problem))
        }
        for file in files { add(file: file) }
    }

    /// Reads the watchlist file at `file`.
    mutating func add(file: String) {
        do {
            add(source: try FileContents.text(file, what: "watchlist"), file: file)
        } catch {
            entries.append(.failed(error))
        }
    }

    /// Reads watchlist text that came from `file`.
    mutating func add(source: String, file: String) {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(source, file: file)
        } catch {
            return entries.append(.failed(error))
        }
        var decoder = WatchlistDecoder(document)
        let decoded = decoder.decode()
        var read = decoder.document
        // A name used twice in this file is the decoder's to report; one used by an earlier file is reported here.
        for (watch, path) in decoded where !watch.name.isEmpty {
            if let earlier = names[watch.name] {
                if earlier.entry != entries.count {
                    read.report(
                        .duplicateName, at: path.key("name"),
                        "a watch named `\(watch.name)` is already defined in \(earlier.file); rename one of them")
                }
            } else {
                names[watch.name] = (file, entries.count)
            }
        }
        for (watch, path) in decoded {
            watches.append(watch)
            origins.append((entries.count, path))
        }
        entries.append(.read(read))
    }

    /// The watches of every file, merged, when no file has a problem.
    func watchlist() throws(ConfigErrors) -> Watchlist {
        let problems = problems
        guard problems.isEmpty else { throw ConfigErrors(errors: problems) }
        return Watchlist(watches: watches)
    }

    /// The matcher compiled from ``watchlist()``; a value the matcher refuses is placed in its file.
    mutating func matcher() throws(ConfigErrors) -> Matcher {
        let watchlist = try watchlist()
        do {
            return try Matcher(watchlist: watchlist)
        } catch {
            throw ConfigErrors(errors: [place(error)])
        }
    }

    /// `error` (about a watch of the merged watchlist) at its file, line, column and key.
    mutating func place(_ error: WatchlistError) -> ConfigError {
        let code: ConfigError.Code = error.key == "query" ? .query : .invalidValue
        guard error.watch >= 0 && error.watch < origins.count,
            case .read(var document) = entries[origins[error.watch].entry]
        else {
            return ConfigError(code: code, file: "watch \(error.watch + 1)", key: error.key, message: error.reason)
        }
        let path = origins[error.watch].path.appending(error.key)
        let place = document.position(of: path)
        entries[origins[error.watch].entry] = .read(document)
        return ConfigError(
            code: code, file: document.file, line: place?.line, column: place?.column, key: path.description,
            message: error.reason)
    }
}
