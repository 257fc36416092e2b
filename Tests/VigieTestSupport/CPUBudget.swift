import Foundation

/// How long CPU-bound work may take in a test: the bound written for an ordinary debug build on 2 cores, scaled
/// when the suite runs under a sanitizer.
///
/// `Tools/sanitize.sh` sets `VIGIE_UNDER_SANITIZER`; AddressSanitizer and ThreadSanitizer slow Swift code 3 to 6
/// times (the 3 MiB keyword test took 55 s under TSan beside the other suites, against a 40 s bound written for
/// about 15 s). The bounds catch a quadratic path, which takes hours, not a constant factor, so scaling them keeps
/// their meaning. Timing tests of the fetcher (timeouts, stalls) measure wall-clock behaviour and are not scaled.
public enum CPUBudget {
    /// 1 in an ordinary run, 6 under a sanitizer.
    public static let scale: Int = ProcessInfo.processInfo.environment["VIGIE_UNDER_SANITIZER"] == nil ? 1 : 6

    /// `base`, scaled by ``scale``.
    public static func of(_ base: Duration) -> Duration { base * scale }
}
