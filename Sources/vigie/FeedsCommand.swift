import ArgumentParser

/// `vigie feeds`: tools for finding and choosing feeds.
struct FeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Find the feeds a web site offers.",
        subcommands: [FeedsDiscoverCommand.self]
    )
}
