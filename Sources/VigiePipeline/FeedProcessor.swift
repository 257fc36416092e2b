import Foundation
import VigieFeeds
import VigieFetch
import VigieStore
import VigieStories
import VigieWatch

/// The poll pipeline for one feed, as a function of values: a fetch result in, a ``ProcessedPoll`` out.
///
/// Fetched body → ``Feed`` (the libxml2 parser) → article keys (``FeedItem/articleKey(feedURL:)``) → the new ones
/// (asked of the caller, which owns the state) → matches (the ``Matcher``) → its story (asked of the caller, which
/// owns the clusterer) → one ``NewAlert`` per item that fires a watch, with its alert line naming every watch that
/// fired and its story. It reads no clock and writes nothing: the time comes in, the caller records what comes out.
/// A feed that fails is an outcome, never a thrown error; the only error is the caller's own, from `unseen`.
///
/// The backlog rule: on a feed's first successful poll, items dated more than ``backlog`` seconds ago are only
/// remembered; undated items count as new. After the first poll every new item counts, however old its date.
public struct FeedProcessor: Sendable {
    /// The compiled watches.
    public var matcher: Matcher
    /// How old an item may be and still alert on its feed's first poll, in seconds.
    public var backlog: TimeInterval
    /// The parser, with its limits.
    public var parser: FeedParser
    /// Whether an article that joins an open story gets no line in the log (`[stories] coverage = "drop"`); its
    /// story record is kept either way.
    public var dropsCoverage: Bool
    /// The sinks and the alerts each takes: every alert names its sinks, whose deliveries are recorded with it.
    public var routes: [SinkRoute]
    /// Whether the texts of new items are kept for `vigie backtest` (``ProcessedPoll/texts``).
    public var keepsText: Bool
    /// Whether ``prepare(_:feedURL:feedName:state:at:unseen:)`` makes each alerted article's story fingerprint
    /// (``StoryItem/fingerprint``), so that the story assigner only compares: the daemon prepares on several
    /// threads and assigns on one.
    public var fingerprintsStories = false

    /// Where an alerted article goes among the stories: given the article (its key, text, arrival and entities)
    /// and the id its alert would have, its assignment (the daemon's ``StoryClusterer``).
    public typealias StoryAssigner = (StoryItem, String) -> StoryAssignment

    /// Creates a processor.
    public init(
        matcher: Matcher, backlog: TimeInterval, parser: FeedParser = FeedParser(), dropsCoverage: Bool = false,
        routes: [SinkRoute] = [], keepsText: Bool = false
    ) {
        self.matcher = matcher
        self.backlog = backlog
        self.parser = parser
        self.dropsCoverage = dropsCoverage
        self.routes = routes
        self.keepsText = keepsText
    }

    /// The most of an article's summary (or content) that story clustering reads and the state keeps:
    /// ``leadLength`` characters, cut at a space. Stories are told apart by title and lead; a feed that carries
    /// whole articles does not make the state keep them.
    static func lead(_ text: String?) -> String? {
        guard let text, text.count > leadLength else { return text }
        let cut = text.prefix(leadLength)
        return String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
    }

    /// See ``lead(_:)``: 1,000 characters.
    static let leadLength = 1_000

    /// Each article a story of its own (no clustering): what ``process(_:feedURL:feedName:state:at:unseen:stories:)``
    /// does without an assigner.
    public static func storyPerArticle(_ item: StoryItem, _ alertID: String) -> StoryAssignment {
        StoryAssignment(
            story: StoryClusterer.storyID(openedBy: item.key), kind: .story, reason: "", openerTag: alertID)
    }

    /// What `result` means for the feed configured as `feedURL` (named `feedName`, if it has a name), whose state
    /// before the poll was `state`, at `now`: ``prepare(_:feedURL:feedName:state:at:unseen:)`` then
    /// ``finish(_:stories:)``.
    ///
    /// `unseen` gets the article keys of the fetched feed and returns those never seen before (the state's
    /// ``StateStore/unseenKeys(_:)``); it is called only when a body was read as a feed.
    /// `stories` tells where each alerted article goes among the stories; by default each is a story of its own.
    public func process<Failure: Error>(
        _ result: FetchResult, feedURL: String, feedName: String?, state: FeedState, at now: Date,
        unseen: ([String]) throws(Failure) -> Set<String>, stories: StoryAssigner = storyPerArticle
    ) throws(Failure) -> ProcessedPoll {
        finish(
            try prepare(result, feedURL: feedURL, feedName: feedName, state: state, at: now, unseen: unseen),
            stories: stories)
    }

    /// The part of ``process(_:feedURL:feedName:state:at:unseen:stories:)`` that needs no story: the parse, the
    /// new items and their matches. Independent of every other feed's, so the daemon runs it for several feeds at
    /// once, on as many threads as it has cores; the stories, which depend on the order articles arrive in, are
    /// ``finish(_:stories:)``'s.
    public func prepare<Failure: Error>(
        _ result: FetchResult, feedURL: String, feedName: String?, state: FeedState, at now: Date,
        unseen: ([String]) throws(Failure) -> Set<String>
    ) throws(Failure) -> PreparedPoll {
        var state = state
        var movedTo: String?
        if case .failed(let error) = result.outcome, error.code == .cancelled {
            return PreparedPoll(
                poll: ProcessedPoll(feedURL: feedURL, outcome: .cancelled, state: state), matched: [],
                feedTitle: feedName, time: now)
        }
        state.lastPolled = now
        if let moved = result.movedPermanently, moved != state.currentURL {
            state.currentURL = moved
            movedTo = moved
        }
        var poll: ProcessedPoll
        switch result.outcome {
        case .fetched(let body):
            let parsed: Feed
            do {
                parsed = try parser.parse(body.body, documentURL: result.finalURL, charset: body.charset)
            } catch {
                state.consecutiveFailures += 1
                state.lastStatus = .failed
                state.lastError = error.message
                poll = ProcessedPoll(feedURL: feedURL, outcome: .unreadable(message: error.message), state: state)
                break
            }
            let firstPoll = state.firstPolled == nil
            state.etag = body.validators.etag
            state.lastModified = body.validators.lastModified
            state.lastStatus = .ok
            state.lastError = nil
            state.consecutiveFailures = 0
            state.lastFetched = now
            if firstPoll { state.firstPolled = now }
            let hint = [parsed.refreshInterval, result.maxAge].compactMap { $0 }.max()
            poll = ProcessedPoll(feedURL: feedURL, outcome: .fetched(hint: hint), state: state)
            let matched = try read(parsed, into: &poll, firstPoll: firstPoll, now: now, unseen: unseen)
            return PreparedPoll(
                poll: poll, matched: matched, feedTitle: parsed.title ?? feedName, time: now)
        case .notModified(let validators):
            state.etag = validators.etag ?? state.etag
            state.lastModified = validators.lastModified ?? state.lastModified
            state.lastStatus = .notModified
            state.lastError = nil
            state.consecutiveFailures = 0
            poll = ProcessedPoll(feedURL: feedURL, outcome: .notModified(hint: result.maxAge), state: state)
        case .gone:
            state.gone = true
            state.lastStatus = .gone
            state.lastError = "HTTP 410 Gone"
            poll = ProcessedPoll(feedURL: feedURL, outcome: .gone, state: state)
        case .throttled(let notBefore, let status):
            state.consecutiveFailures += 1
            state.lastStatus = .throttled
            state.lastError = "HTTP \(status): the server asks to wait"
            poll = ProcessedPoll(
                feedURL: feedURL, outcome: .throttled(notBefore: notBefore, status: status), state: state)
        case .failed(let error):
            state.consecutiveFailures += 1
            state.lastStatus = .failed
            state.lastError = error.description
            poll = ProcessedPoll(
                feedURL: feedURL, outcome: .failed(code: error.code, message: error.description), state: state)
        }
        poll.movedTo = movedTo
        return PreparedPoll(poll: poll, matched: [], feedTitle: feedName, time: now)
    }

    /// The rest of a poll's reading, in the order articles arrive: each matched article's story (from
    /// `stories`), then its alert line, its sinks and its title.
    public func finish(_ prepared: PreparedPoll, stories: StoryAssigner = storyPerArticle) -> ProcessedPoll {
        var poll = prepared.poll
        for article in prepared.matched {
            var storyItem = article.storyItem(at: prepared.time)
            storyItem.fingerprint = article.fingerprint
            let story = stories(storyItem, article.alertID)
            poll.stories.append(
                StoryRecord(
                    articleKey: article.key, story: story.story, kind: story.kind.rawValue,
                    storyAlertID: story.openerTag, arrived: prepared.time, title: article.item.title,
                    summary: article.lead, entities: article.entities))
            if story.kind == .coverage && dropsCoverage { continue }
            let line = AlertRecord.line(
                alertID: article.alertID, matches: article.matches, item: article.item, feedURL: poll.feedURL,
                feedTitle: prepared.feedTitle, articleKey: article.key, story: story, time: prepared.time)
            let fired = article.matches.map { (watch: $0.watch, level: $0.level) }
            let sinks = routes.filter { $0.accepts(fired, kind: story.kind) }
            poll.alerts.append(
                NewAlert(
                    alertID: article.alertID, watch: article.strongest, articleKey: article.key, line: line,
                    sinks: sinks.map(\.name)))
            poll.titles[article.key] = article.item.title ?? article.item.id
        }
        return poll
    }

    /// Fills `poll` with the items of `parsed`, and returns the new ones that fire a watch, in feed order.
    private func read<Failure: Error>(
        _ parsed: Feed, into poll: inout ProcessedPoll, firstPoll: Bool, now: Date,
        unseen: ([String]) throws(Failure) -> Set<String>
    ) throws(Failure) -> [MatchedArticle] {
        let feedURL = poll.feedURL
        poll.warnings = Array(parsed.warnings.prefix(3))
        let keys = parsed.items.map { $0.articleKey(feedURL: feedURL) }
        let fresh = try unseen(keys)
        var listed = Set<String>()
        var matched: [MatchedArticle] = []
        let oldest = now.addingTimeInterval(-backlog)
        for (item, key) in zip(parsed.items, keys) where listed.insert(key).inserted {
            poll.items.append(SeenItem(articleKey: key, feedURL: feedURL))
            guard fresh.contains(key) else { continue }
            poll.newItems += 1
            if keepsText {
                poll.texts.append(
                    ItemText(
                        articleKey: key, feedURL: feedURL, id: item.id, title: item.title, link: item.link,
                        summary: item.summary, content: item.content, published: item.published ?? item.updated,
                        seen: now))
            }
            if firstPoll, let date = item.published ?? item.updated, date < oldest { continue }
            let matchable = MatchableItem(id: item.id, title: item.title, summary: item.summary, content: item.content)
            let matches = matcher.match(matchable)
            guard let strongest = AlertRecord.strongestFirst(matches).first else { continue }
            // One alert per item, naming every watch that fired (the store keys it by its strongest watch).
            var article = MatchedArticle(
                item: item, key: key, matches: matches, strongest: strongest.watch,
                alertID: NewAlert.makeAlertID(), entities: Match.entities(of: matches),
                lead: Self.lead(item.summary ?? item.content))
            if fingerprintsStories { article.fingerprint = StoryFingerprint(article.storyItem(at: now)) }
            matched.append(article)
        }
        if poll.newItems > 0 {
            poll.state.lastNewItem = now
            poll.state.itemsSeen += poll.newItems
        }
        // Every item new in a feed read before: some may have come and gone between the two polls.
        if !firstPoll && !listed.isEmpty && poll.newItems == listed.count {
            poll.missedItems = true
            poll.state.missedPolls += 1
            poll.state.missedStreak += 1
        } else {
            poll.state.missedStreak = 0
        }
        return matched
    }
}
