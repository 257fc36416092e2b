/// Reads and validates the configuration file, like `nginx -t`: every problem is reported with its file, line,
/// column and key, and unknown keys are errors (a typo must not silently do nothing).
public enum ConfigLoader {
    /// Loads the configuration at `path`.
    ///
    /// - Throws: ``ConfigErrors`` with every problem of the file (code `unreadable` when it cannot be read at all).
    public static func load(path: String) throws(ConfigErrors) -> Config {
        let reading = read(path: path)
        guard reading.problems.isEmpty, let config = reading.config else {
            throw ConfigErrors(errors: reading.problems)
        }
        return config
    }

    /// Validates configuration text that came from `path` (relative paths resolve against its folder).
    ///
    /// - Throws: ``ConfigErrors`` with every problem of the text.
    public static func parse(_ source: String, path: String) throws(ConfigErrors) -> Config {
        let reading = read(source, path: path)
        guard reading.problems.isEmpty, let config = reading.config else {
            throw ConfigErrors(errors: reading.problems)
        }
        return config
    }

    /// The configuration at `path` as far as it could be read (`nil` when the file is unreadable or not TOML), and
    /// every problem found, in file order. ``LoadedConfig`` goes on to the watchlists even when there are problems.
    static func read(path: String) -> (config: Config?, problems: [ConfigError]) {
        do {
            return read(try FileContents.text(path, what: "configuration"), path: path)
        } catch {
            return (nil, [error])
        }
    }

    /// Configuration text from `path`, read as far as it goes.
    static func read(_ source: String, path: String) -> (config: Config?, problems: [ConfigError]) {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(source, file: path)
        } catch {
            return (nil, [error])
        }
        var reader = ConfigReader(document)
        let config = reader.read()
        return (config, reader.document.sortedProblems)
    }
}
