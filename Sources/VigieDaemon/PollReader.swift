import Foundation
import VigieFetch
import VigiePipeline
import VigieStore

/// What a reader thread of a ``PollCycle`` does to each result: reads it up to its stories (parse, new items,
/// matches) with ``FeedProcessor/prepare(_:feedURL:feedName:state:at:unseen:)``, asking the state which items are
/// new. Every member is `Sendable`, so any number of readers share one.
struct PollReader: Sendable {
    /// What a reader made of one result.
    enum Read: Sendable {
        /// Read up to its stories; `duration` and `bytes` are the transfer's, for the metrics.
        case prepared(target: PollCycle.Target, poll: PreparedPoll, duration: Double, bytes: Int)
        /// Nothing to record: cancelled, or not a feed of this cycle.
        case skipped
        /// The seen items could not be read: the feed is polled again at the next cycle, from its old validators.
        case failed(Failure)
    }

    /// Why a result could not be read.
    struct Failure: Error, Sendable, CustomStringConvertible {
        /// The feed's configured URL.
        var feed: String
        /// The state's error.
        var description: String
    }

    /// The pipeline.
    var processor: FeedProcessor
    /// The state, asked which items are new.
    var store: StateStore
    /// The clock: a poll is dated when it is read.
    var clock: DaemonClock
    /// The cycle's observer, told when reading starts and ends.
    var observer: (@Sendable (PollCycle.Event) -> Void)?

    /// Reads `result`, the answer for `target` (`nil`: not a feed of this cycle).
    func read(_ result: FetchResult, of target: PollCycle.Target?) -> Read {
        guard let target else { return .skipped }
        let feedURL = target.feed.url
        observer?(.readingStarted(feed: feedURL))
        defer { observer?(.readingFinished(feed: feedURL)) }
        let prepared: PreparedPoll
        do {
            prepared = try processor.prepare(
                result, feedURL: feedURL, feedName: target.feed.name, state: target.state, at: clock.now(),
                unseen: { keys in try store.unseenKeys(keys) })
        } catch {
            return .failed(Failure(feed: feedURL, description: "\(error)"))
        }
        if prepared.poll.outcome == .cancelled { return .skipped }
        return .prepared(target: target, poll: prepared, duration: result.timings.total, bytes: result.bytesReceived)
    }
}
