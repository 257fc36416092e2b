import ArgumentParser
import VigieDaemon

extension ExitStatus {
    /// The status as ArgumentParser's exit code, to throw from a command.
    var code: ExitCode { ExitCode(rawValue) }
}
