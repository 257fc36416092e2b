import Prometheus

/// One metric name of Vigie's with its `# HELP` text: every name the metrics file holds is listed here.
///
/// swift-prometheus stops the process when one name is registered with two help texts or two types, so each name
/// is made from exactly one of these.
struct MetricFamily: Sendable {
    /// The full name, `vigie_` first.
    let name: String
    /// The `# HELP` text.
    let help: String

    /// The descriptor swift-prometheus registers the name with.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    // Feeds, per cycle.
    static let feeds = MetricFamily(
        name: "vigie_feeds", help: "Configured feeds by the outcome of their last poll (never: not polled yet).")
    static let feedsFailing = MetricFamily(
        name: "vigie_feeds_failing",
        help: "Configured feeds whose health is failing ([health] failures failed polls in a row, or 410 Gone).")
    static let feedsStale = MetricFamily(
        name: "vigie_feeds_stale", help: "Configured feeds whose health is stale (no new item for their stale_after).")
    static let notModifiedRatio = MetricFamily(
        name: "vigie_not_modified_ratio",
        help: "Share of the last cycle's answered polls (200 or 304) that were 304 Not Modified; NaN when none.")

    // Polls, for the daemon's life.
    static let polls = MetricFamily(name: "vigie_polls_total", help: "Feed polls by outcome.")
    static let fetchDuration = MetricFamily(
        name: "vigie_fetch_duration_seconds", help: "How long feed fetches took, whatever their outcome.")
    static let fetchBytes = MetricFamily(name: "vigie_fetch_bytes_total", help: "Bytes of feed bodies received.")
    static let newItems = MetricFamily(name: "vigie_items_new_total", help: "Feed items seen for the first time.")
    static let missedItems = MetricFamily(
        name: "vigie_missed_items_total",
        help: "Polls of an already polled feed that found only new items: items may have come and gone unseen.")
    static let alerts = MetricFamily(
        name: "vigie_alerts_total",
        help: "Alert lines written, by watch and kind (story: opened a story; coverage: joined one).")
    static let stories = MetricFamily(
        name: "vigie_stories_total", help: "Stories opened, by the watch of the article that opened them.")

    // Sinks, per cycle, from the state.
    static let deliveriesPending = MetricFamily(
        name: "vigie_deliveries_pending", help: "Deliveries waiting, due or backing off, by sink.")
    static let deliveryLag = MetricFamily(
        name: "vigie_delivery_lag_seconds", help: "Age of the oldest waiting delivery by sink; 0 when none waits.")
    static let deliveries = MetricFamily(
        name: "vigie_deliveries",
        help: "Deliveries in the state by sink and state (delivered, failed: refused for good, expired: max_age).")
    static let sinkDisabled = MetricFamily(
        name: "vigie_sink_disabled", help: "1 when the sink is disabled (its receiver answered 410 Gone), else 0.")

    // The daemon.
    static let cycles = MetricFamily(name: "vigie_cycles_total", help: "Cycles (turns of the loop that polled) run.")
    static let cycleDuration = MetricFamily(
        name: "vigie_cycle_duration_seconds", help: "How long the last cycle took.")
    static let cycleLag = MetricFamily(
        name: "vigie_cycle_lag_seconds", help: "How late the last cycle started after its feeds were due.")
    static let lastCycle = MetricFamily(
        name: "vigie_last_cycle_timestamp_seconds", help: "When the last cycle ended, in seconds since the epoch.")
    static let stateSize = MetricFamily(
        name: "vigie_state_size_bytes", help: "Size of the state database on disk, write-ahead log included.")
    static let startTime = MetricFamily(
        name: "vigie_start_time_seconds", help: "When the daemon started, in seconds since the epoch.")

    /// The buckets of `vigie_fetch_duration_seconds`, in seconds: a fast feed answers in tens of milliseconds, a
    /// slow one in seconds, and a transfer is cut off at its timeout (60 s by default).
    static let fetchDurationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
}
