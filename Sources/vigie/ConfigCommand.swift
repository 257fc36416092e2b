import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon

/// `vigie config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration.",
        subcommands: [Check.self]
    )

    /// `vigie config check`: validate everything, like `nginx -t`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the configuration and every watchlist it names; print each problem with its place.",
            discussion: "Warnings (a secret file other users may read) go to standard error and do not fail the check. "
                + "Exit status: 0 when everything is valid, 78 (EX_CONFIG) otherwise."
        )

        @Option(help: "The configuration file.")
        var config = "/etc/vigie/vigie.toml"

        func run() throws {
            do {
                let settings = try LoadedConfig.load(path: config)
                let enabled = settings.config.feeds.filter(\.enabled).count
                print(
                    "\(config): OK: \(settings.config.feeds.count) feeds (\(enabled) enabled), "
                        + "\(settings.watchlist.watches.count) watches from \(settings.config.watchlistFiles.count) "
                        + "watchlist files, \(settings.matcher.phraseCount) phrases")
                print("  state:     \(settings.config.stateDirectory)/state.sqlite")
                print("  alert log: \(settings.config.alertLog)")
                for sink in settings.config.sinks { print("  sink:      \(sink)") }
                for warning in settings.config.warnings {
                    FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
                }
            } catch {
                for problem in error.errors {
                    FileHandle.standardError.write(Data("\(problem)\n".utf8))
                }
                FileHandle.standardError.write(Data("\(config): \(error.errors.count) problems\n".utf8))
                throw ExitStatus.configError.code
            }
        }
    }
}
