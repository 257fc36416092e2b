import ArgumentParser

/// The `vigie` command: the daemon and the tools an operator debugs it with, all thin shells over the same modules.
@main
struct Vigie: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Watch RSS and Atom feeds for news about the AI Alliance and its members.",
        version: VigieVersion.current,
        subcommands: [ParseCommand.self, BenchParseCommand.self]
    )
}

/// The version string, also used in the HTTP User-Agent.
enum VigieVersion {
    /// The released version of Vigie.
    static let current = "0.1.0"
}
