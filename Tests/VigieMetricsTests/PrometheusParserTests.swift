import Foundation
import Testing
import VigieMetrics

/// The metrics file as a real Prometheus text parser reads it: prometheus_client's, through
/// `Tests/Support/parse_metrics.py`. These tests fail (never skip) when python3 or prometheus_client is missing;
/// the failure says `pip install prometheus-client`.
@Suite struct PrometheusParserTests {
    static let started = Date(timeIntervalSince1970: 1_750_000_000)
    /// A watch name holding every character the text format escapes in a label value.
    static let awkwardWatch = "say \"hi\" \\ to\nall"

    /// Every family Vigie writes, by the name the parser gives it (a counter's without `_total`), with its type.
    static let families: [String: String] = [
        "vigie_feeds": "gauge", "vigie_feeds_failing": "gauge", "vigie_feeds_stale": "gauge",
        "vigie_not_modified_ratio": "gauge", "vigie_polls": "counter", "vigie_fetch_duration_seconds": "histogram",
        "vigie_fetch_bytes": "counter", "vigie_items_new": "counter", "vigie_missed_items": "counter",
        "vigie_alerts": "counter", "vigie_stories": "counter", "vigie_deliveries_pending": "gauge",
        "vigie_delivery_lag_seconds": "gauge", "vigie_deliveries": "gauge", "vigie_sink_disabled": "gauge",
        "vigie_cycles": "counter", "vigie_cycle_duration_seconds": "gauge", "vigie_cycle_lag_seconds": "gauge",
        "vigie_last_cycle_timestamp_seconds": "gauge", "vigie_state_size_bytes": "gauge",
        "vigie_start_time_seconds": "gauge",
    ]

    /// Writes `metrics` with ``MetricsFile`` into `folder` and parses the file.
    static func parse(_ metrics: DaemonMetrics, in folder: TemporaryFolder) throws -> ParsedExposition {
        let file = MetricsFile(path: folder.file("vigie.prom"))
        try file.write(metrics.render())
        return try ParsedExposition(parsing: file.path)
    }

    /// Two cycles of a daemon's life: polls of every kind, stories and coverage (one watch with an awkward name),
    /// two sinks then one.
    static func twoCycles() -> DaemonMetrics {
        let metrics = DaemonMetrics(started: started)
        let first = Date(timeIntervalSince1970: 1_750_000_300)
        metrics.recordPoll(
            PollSample(
                outcome: .fetched, duration: 0.42, bytes: 48_213, newItems: 12, mayHaveMissedItems: true,
                storiesByWatch: ["ai": 2, awkwardWatch: 1], coverageByWatch: ["ai": 1]))
        metrics.recordPoll(PollSample(outcome: .notModified, duration: 0.08))
        metrics.recordPoll(PollSample(outcome: .failed, duration: 30.5))
        metrics.recordCycle(
            CycleSample(
                feedsByStatus: [.ok: 1, .notModified: 1, .failed: 1], feedsFailing: 1, duration: 31, lag: 0.5,
                stateBytes: 1_048_576,
                sinks: [
                    SinkSample(name: "ops", pending: 2, oldestPending: first.addingTimeInterval(-42), delivered: 7),
                    SinkSample(name: "gone-sink", delivered: 3, disabled: true),
                ], finished: first))
        let second = Date(timeIntervalSince1970: 1_750_000_600)
        metrics.recordPoll(PollSample(outcome: .notModified, duration: 0.07))
        metrics.recordPoll(PollSample(outcome: .notModified, duration: 0.06))
        metrics.recordPoll(PollSample(outcome: .fetched, duration: 1.5, bytes: 1_000, newItems: 1))
        metrics.recordPoll(PollSample(outcome: .throttled, duration: 0.2))
        metrics.recordCycle(
            CycleSample(
                feedsByStatus: [.ok: 1, .notModified: 1, .throttled: 1], feedsStale: 1, duration: 2, lag: 1.25,
                stateBytes: 1_081_344,
                sinks: [SinkSample(name: "ops", pending: 0, delivered: 9, failed: 1, expired: 2)], finished: second))
        return metrics
    }

    @Test func everyFamilyParsesWithItsTypeAndHelp() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(Self.twoCycles(), in: folder)
        #expect(Dictionary(uniqueKeysWithValues: parsed.families.map { ($0.name, $0.type) }) == Self.families)
        for family in parsed.families {
            #expect(!family.help.isEmpty, "\(family.name) has no help")
            #expect(family.samples.allSatisfy { $0.name.hasPrefix("vigie_") })
        }
    }

    @Test func pollsAndTheFetchHistogramParseWithTheirValues() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(Self.twoCycles(), in: folder)
        let polls: [String: Double] = [
            "fetched": 2, "not-modified": 3, "failed": 1, "throttled": 1, "unreadable": 0, "gone": 0,
        ]
        for (outcome, count) in polls {
            #expect(parsed.value("vigie_polls_total", ["outcome": outcome]) == count, "\(outcome)")
        }
        #expect(parsed.value("vigie_fetch_bytes_total") == 49_213)
        #expect(parsed.value("vigie_items_new_total") == 13)
        #expect(parsed.value("vigie_missed_items_total") == 1)

        let buckets = parsed.samples("vigie_fetch_duration_seconds_bucket").map { ($0.labels["le"] ?? "?", $0.value) }
        #expect(
            buckets.map(\.0) == ["0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf"])
        #expect(buckets.map { Double($0.1) } == [0, 3, 4, 5, 5, 6, 6, 6, 6, 7, 7])
        #expect(parsed.value("vigie_fetch_duration_seconds_count") == 7)
        let sum = try #require(parsed.value("vigie_fetch_duration_seconds_sum"))
        #expect(abs(sum - 32.83) < 1e-9)
    }

    @Test func cycleGaugesParseWithTheLastCyclesValues() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(Self.twoCycles(), in: folder)
        let feeds: [String: Double] = [
            "ok": 1, "not-modified": 1, "failed": 0, "gone": 0, "throttled": 1, "never": 0,
        ]
        for (status, count) in feeds {
            #expect(parsed.value("vigie_feeds", ["status": status]) == count, "\(status)")
        }
        #expect(parsed.value("vigie_feeds_failing") == 0)
        #expect(parsed.value("vigie_feeds_stale") == 1)
        #expect(parsed.value("vigie_not_modified_ratio") == 2.0 / 3)
        #expect(parsed.value("vigie_cycles_total") == 2)
        #expect(parsed.value("vigie_cycle_duration_seconds") == 2)
        #expect(parsed.value("vigie_cycle_lag_seconds") == 1.25)
        #expect(parsed.value("vigie_state_size_bytes") == 1_081_344)
        #expect(parsed.value("vigie_last_cycle_timestamp_seconds") == 1_750_000_600)
        #expect(parsed.value("vigie_start_time_seconds") == 1_750_000_000)
    }

    /// The awkward watch name comes back from the parser as it went in: the escaping is the format's.
    @Test func alertsAndStoriesParseByWatchWithEscapedLabels() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(Self.twoCycles(), in: folder)
        #expect(parsed.value("vigie_alerts_total", ["watch": "ai", "kind": "story"]) == 2)
        #expect(parsed.value("vigie_alerts_total", ["watch": "ai", "kind": "coverage"]) == 1)
        #expect(parsed.value("vigie_alerts_total", ["watch": Self.awkwardWatch, "kind": "story"]) == 1)
        #expect(parsed.value("vigie_stories_total", ["watch": "ai"]) == 2)
        #expect(parsed.value("vigie_stories_total", ["watch": Self.awkwardWatch]) == 1)
        #expect(
            Set(parsed.samples("vigie_stories_total").compactMap { $0.labels["watch"] }) == ["ai", Self.awkwardWatch])
    }

    /// The sink dropped at the second cycle is gone from every family; the other has the state's numbers.
    @Test func sinksParseAndARemovedSinkIsGone() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(Self.twoCycles(), in: folder)
        let sinkSamples = parsed.families.flatMap(\.samples).filter { $0.labels["sink"] != nil }
        #expect(Set(sinkSamples.compactMap { $0.labels["sink"] }) == ["ops"])
        #expect(sinkSamples.count == 6)
        #expect(parsed.value("vigie_deliveries_pending", ["sink": "ops"]) == 0)
        #expect(parsed.value("vigie_delivery_lag_seconds", ["sink": "ops"]) == 0)
        #expect(parsed.value("vigie_deliveries", ["sink": "ops", "state": "delivered"]) == 9)
        #expect(parsed.value("vigie_deliveries", ["sink": "ops", "state": "failed"]) == 1)
        #expect(parsed.value("vigie_deliveries", ["sink": "ops", "state": "expired"]) == 2)
        #expect(parsed.value("vigie_sink_disabled", ["sink": "ops"]) == 0)
    }

    /// Before the first cycle: the ratio is NaN (written `nan`, which the parser reads), the counters are 0.
    @Test func aFreshDaemonsFileParses() throws {
        let folder = try TemporaryFolder()
        let parsed = try Self.parse(DaemonMetrics(started: Self.started), in: folder)
        #expect(parsed.value("vigie_not_modified_ratio")?.isNaN == true)
        #expect(parsed.value("vigie_polls_total", ["outcome": "fetched"]) == 0)
        #expect(parsed.value("vigie_fetch_duration_seconds_bucket", ["le": "+Inf"]) == 0)
        #expect(parsed.value("vigie_start_time_seconds") == 1_750_000_000)
        #expect(parsed.family("vigie_deliveries_pending") == nil)
    }

    /// The parser rejects a label value left unescaped, so the tests above can fail for what they promise.
    @Test func theParserRejectsAnUnescapedLabelValue() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("broken.prom")
        try "# TYPE vigie_stories_total counter\nvigie_stories_total{watch=\"say \"hi\"\"} 1\n".write(
            toFile: path, atomically: false, encoding: .utf8)
        let failure = try #require(throws: ParsedExposition.Failure.self) { try ParsedExposition(parsing: path) }
        #expect(failure.description.contains("does not parse"))
    }
}
