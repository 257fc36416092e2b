import ArgumentParser
import Foundation
import VigieConfig
import VigieDaemon
import VigieWatch

/// The `--watchlist` files of a command, compiled.
enum WatchlistArguments {
    /// The matcher of the watchlists at `paths`; on failure, prints every problem on standard error (each as
    /// `file:line:column: key: message`) and throws ``ExitStatus/configError``.
    static func matcher(paths: () throws -> [String]) throws -> Matcher {
        do {
            return try Matcher(watchlist: try WatchlistLoader.load(paths: try paths()))
        } catch let problems as ConfigErrors {
            for problem in problems.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitStatus.configError.code
        } catch {
            FileHandle.standardError.write(Data("vigie: \(error)\n".utf8))
            throw ExitStatus.configError.code
        }
    }
}
