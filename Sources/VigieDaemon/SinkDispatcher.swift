import Foundation
import Logging
import VigieConfig
import VigieFetch
import VigieStore

/// The daemon's sinks: a ``SinkWorker`` per configured `[[sink]]`, each on its own thread beside the poll loop.
/// The loop pokes them when a commit recorded deliveries; a reload replaces the workers of the sinks that changed.
/// Deliveries of a sink removed from the configuration stay pending in the state (`vigie sinks status` lists them).
final class SinkDispatcher {
    private var workers: [String: SinkWorker] = [:]
    private let store: StateStore
    private let logger: Logger
    private let clock: DaemonClock

    /// How long a stop waits for attempts in flight before it leaves them to the next start.
    static let stopWait: TimeInterval = 2

    /// A dispatcher with no worker yet: ``update(_:)`` starts them.
    init(store: StateStore, logger: Logger, clock: DaemonClock) {
        self.store = store
        self.logger = logger
        self.clock = clock
    }

    /// Keeps the workers of unchanged sinks, stops those of sinks changed or removed (or whose `[fetch]` user agent
    /// or CA file changed), starts the new ones.
    func update(_ sinks: [SinkConfig], fetch: FetchOptions) {
        let http = SinkWorker.HTTPSettings(userAgent: fetch.userAgent, caFile: fetch.caFile)
        let wanted = Dictionary(sinks.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, worker) in workers where wanted[name] != worker.sink || worker.http != http {
            worker.stop(waiting: Self.stopWait)
            workers[name] = nil
        }
        for sink in sinks where workers[sink.name] == nil {
            let worker = SinkWorker(sink: sink, http: http, store: store, logger: logger, clock: clock)
            workers[sink.name] = worker
            worker.start()
            logger.info("sink started", metadata: ["sink": "\(sink)"])
        }
    }

    /// Tells every worker new deliveries may be waiting.
    func poke() {
        for worker in workers.values { worker.poke() }
    }

    /// Attempts every due delivery of every sink once, on this thread, without starting workers (`--once`).
    static func deliverDue(
        sinks: [SinkConfig], fetch: FetchOptions, store: StateStore, logger: Logger, clock: DaemonClock
    ) {
        let http = SinkWorker.HTTPSettings(userAgent: fetch.userAgent, caFile: fetch.caFile)
        for sink in sinks {
            SinkWorker(sink: sink, http: http, store: store, logger: logger, clock: clock).deliverDue()
        }
    }

    /// Stops every worker (attempts in flight get ``stopWait`` seconds).
    func stop() {
        for worker in workers.values { worker.stop(waiting: Self.stopWait) }
        workers = [:]
    }
}
