import ArgumentParser

extension ExitStatus {
    /// `vigie match` found nothing (as grep does: 0 means something matched).
    static let noMatch = ExitCode(1)
}
