import Foundation
import Prometheus
import VigieSync

/// The daemon's metrics for its whole life: counters and the fetch histogram accumulate poll after poll, gauges are
/// set at the end of each cycle; ``render()`` gives the Prometheus text exposition to write with ``MetricsFile``.
///
/// Values in, text out: it reads no clock and touches no file. Call ``recordPoll(_:)`` once per finished poll and
/// ``recordCycle(_:)`` once per cycle, then ``render()``. Safe to call from any thread.
///
/// Series that come and go: a sink left out of a cycle's ``CycleSample/sinks`` loses its series at once; the
/// counters of a watch stay for the daemon's life (a counter's total stays true after its watch is removed), and
/// start again from 0 at the next start, as Prometheus's `rate()` expects of a restarted process.
public final class DaemonMetrics: Sendable {
    private let registry: PrometheusCollectorRegistry

    private let polls: [PollSample.Outcome: Counter]
    private let fetchDuration: ValueHistogram
    private let fetchBytes: Counter
    private let newItems: Counter
    private let missedItems: Counter

    private let feeds: [CycleSample.FeedStatus: Gauge]
    private let feedsFailing: Gauge
    private let feedsStale: Gauge
    private let notModifiedRatio: Gauge
    private let cycles: Counter
    private let cycleDuration: Gauge
    private let cycleLag: Gauge
    private let lastCycle: Gauge
    private let stateSize: Gauge

    private let deliveriesPending: LabelledGauges
    private let deliveryLag: LabelledGauges
    private let deliveries: LabelledGauges
    private let sinkDisabled: LabelledGauges

    /// The polls of the cycle under way: answered ones and 304s, for `vigie_not_modified_ratio`.
    private let cyclePolls = Locked((answered: 0, notModified: 0))

    /// Metrics for a daemon that started at `started` (`vigie_start_time_seconds`).
    ///
    /// Every poll outcome and every feed status is written from the start, at 0, so that `rate()` and alerts see a
    /// series before its first increment.
    public init(started: Date) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        polls = Dictionary(
            uniqueKeysWithValues: PollSample.Outcome.allCases.map { outcome in
                (
                    outcome,
                    registry.makeCounter(
                        descriptor: MetricFamily.polls.descriptor, labels: [("outcome", outcome.rawValue)])
                )
            })
        fetchDuration = registry.makeValueHistogram(
            descriptor: MetricFamily.fetchDuration.descriptor, buckets: MetricFamily.fetchDurationBuckets)
        fetchBytes = registry.makeCounter(descriptor: MetricFamily.fetchBytes.descriptor)
        newItems = registry.makeCounter(descriptor: MetricFamily.newItems.descriptor)
        missedItems = registry.makeCounter(descriptor: MetricFamily.missedItems.descriptor)

        feeds = Dictionary(
            uniqueKeysWithValues: CycleSample.FeedStatus.allCases.map { status in
                (
                    status,
                    registry.makeGauge(descriptor: MetricFamily.feeds.descriptor, labels: [("status", status.rawValue)])
                )
            })
        feedsFailing = registry.makeGauge(descriptor: MetricFamily.feedsFailing.descriptor)
        feedsStale = registry.makeGauge(descriptor: MetricFamily.feedsStale.descriptor)
        notModifiedRatio = registry.makeGauge(descriptor: MetricFamily.notModifiedRatio.descriptor)
        notModifiedRatio.set(to: .nan)
        cycles = registry.makeCounter(descriptor: MetricFamily.cycles.descriptor)
        cycleDuration = registry.makeGauge(descriptor: MetricFamily.cycleDuration.descriptor)
        cycleLag = registry.makeGauge(descriptor: MetricFamily.cycleLag.descriptor)
        lastCycle = registry.makeGauge(descriptor: MetricFamily.lastCycle.descriptor)
        stateSize = registry.makeGauge(descriptor: MetricFamily.stateSize.descriptor)
        registry.makeGauge(descriptor: MetricFamily.startTime.descriptor).set(to: started.timeIntervalSince1970)

        deliveriesPending = LabelledGauges(MetricFamily.deliveriesPending, labels: ["sink"], in: registry)
        deliveryLag = LabelledGauges(MetricFamily.deliveryLag, labels: ["sink"], in: registry)
        deliveries = LabelledGauges(MetricFamily.deliveries, labels: ["sink", "state"], in: registry)
        sinkDisabled = LabelledGauges(MetricFamily.sinkDisabled, labels: ["sink"], in: registry)
    }

    /// Counts one finished poll of one feed: its outcome, fetch duration and bytes, new items, stories and alerts.
    public func recordPoll(_ poll: PollSample) {
        polls[poll.outcome]?.increment()
        fetchDuration.record(poll.duration.isFinite ? max(0, poll.duration) : 0)
        fetchBytes.increment(by: Self.count(poll.bytes))
        newItems.increment(by: Self.count(poll.newItems))
        if poll.mayHaveMissedItems { missedItems.increment() }
        for (watch, stories) in poll.storiesByWatch where stories > 0 {
            count(stories, as: MetricFamily.stories, labels: [("watch", watch)])
            count(stories, as: MetricFamily.alerts, labels: [("watch", watch), ("kind", "story")])
        }
        for (watch, coverage) in poll.coverageByWatch where coverage > 0 {
            count(coverage, as: MetricFamily.alerts, labels: [("watch", watch), ("kind", "coverage")])
        }
        if poll.outcome.isAnswered {
            cyclePolls.withLock { cycle in
                cycle.answered += 1
                if poll.outcome == .notModified { cycle.notModified += 1 }
            }
        }
    }

    /// Ends a cycle: sets every gauge from `cycle`, the 304 ratio from the polls recorded since the previous cycle,
    /// and removes the series of the sinks `cycle` no longer lists.
    public func recordCycle(_ cycle: CycleSample) {
        for (status, gauge) in feeds {
            gauge.set(to: Double(cycle.feedsByStatus[status] ?? 0))
        }
        feedsFailing.set(to: Double(cycle.feedsFailing))
        feedsStale.set(to: Double(cycle.feedsStale))
        let polled = cyclePolls.withLock { cycle in
            defer { cycle = (answered: 0, notModified: 0) }
            return cycle
        }
        notModifiedRatio.set(to: polled.answered > 0 ? Double(polled.notModified) / Double(polled.answered) : .nan)
        cycles.increment()
        cycleDuration.set(to: Self.gauge(cycle.duration))
        cycleLag.set(to: Self.gauge(cycle.lag))
        lastCycle.set(to: cycle.finished.timeIntervalSince1970)
        stateSize.set(to: Double(cycle.stateBytes))
        recordSinks(cycle.sinks, at: cycle.finished)
    }

    /// The text exposition of every metric (Prometheus text format 0.0.4): each family with its `# HELP` and
    /// `# TYPE` lines, families sorted by name and samples by series; label values escaped by swift-prometheus.
    public func render() -> String {
        ExpositionOrder.sorted(registry.emitToString())
    }

    /// Sets the sink gauges from `sinks`, and unregisters those of every sink not among them.
    private func recordSinks(_ sinks: [SinkSample], at finished: Date) {
        var pending: [[String]: Double] = [:]
        var lag: [[String]: Double] = [:]
        var settled: [[String]: Double] = [:]
        var disabled: [[String]: Double] = [:]
        for sink in sinks {
            let labels = [sink.name]
            pending[labels] = Double(sink.pending)
            lag[labels] = sink.oldestPending.map { max(0, finished.timeIntervalSince($0)) } ?? 0
            settled[[sink.name, "delivered"]] = Double(sink.delivered)
            settled[[sink.name, "failed"]] = Double(sink.failed)
            settled[[sink.name, "expired"]] = Double(sink.expired)
            disabled[labels] = sink.disabled ? 1 : 0
        }
        deliveriesPending.replace(with: pending)
        deliveryLag.replace(with: lag)
        deliveries.replace(with: settled)
        sinkDisabled.replace(with: disabled)
    }

    /// Adds `amount` to the counter `family` with `labels`, registering it the first time.
    private func count(_ amount: Int, as family: MetricFamily, labels: [(String, String)]) {
        registry.makeCounter(descriptor: family.descriptor, labels: labels).increment(by: Self.count(amount))
    }

    /// `value` as a gauge's value: a NaN with its sign bit set would be written `-nan`, which Go's parser (the one
    /// node_exporter reads the file with) refuses; every NaN is written `nan`.
    private static func gauge(_ value: Double) -> Double {
        value.isNaN ? .nan : value
    }

    /// `value` as a counter increment: swift-prometheus stops the process on a negative one.
    private static func count(_ value: Int) -> Int64 {
        Int64(max(0, value))
    }
}
