import VigieFetch
import VigieSync

/// The daemon's current fetcher, readable from any thread: a reload may replace it while a signal handler wants to
/// cancel it.
final class FetcherSlot: Sendable {
    private let fetcher: Locked<MultiFetcher>

    /// Holds `fetcher`.
    init(_ fetcher: MultiFetcher) {
        self.fetcher = Locked(fetcher)
    }

    /// The fetcher in use.
    var current: MultiFetcher {
        get { fetcher.withLock { $0 } }
        set { fetcher.withLock { $0 = newValue } }
    }
}
