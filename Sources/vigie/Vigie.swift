import ArgumentParser
import VigieFetch

/// The `vigie` command: the daemon and the tools an operator debugs it with, all thin shells over the same modules.
@main
struct Vigie: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Watch RSS and Atom feeds for news about the AI Alliance and its members.",
        version: VigieVersion.current,
        subcommands: [
            RunCommand.self, ConfigCommand.self, ParseCommand.self, FetchCommand.self, MatchCommand.self,
            StoriesCommand.self, SinksCommand.self, StatusCommand.self, BacktestCommand.self, FeedsCommand.self,
            AlertsCommand.self,
            BenchParseCommand.self, FetchBenchCommand.self, BenchMatchCommand.self, BenchStoriesCommand.self,
        ]
    )
}
