import Foundation
import Testing
import VigieMetrics

/// The values ``DaemonMetrics`` renders, read back from its text line by line.
@Suite struct DaemonMetricsTests {
    static let started = Date(timeIntervalSince1970: 1_750_000_000)
    static let finished = Date(timeIntervalSince1970: 1_750_000_600.25)

    /// A cycle of `feeds` feeds all ok, with `sinks`.
    static func cycle(sinks: [SinkSample] = [], feeds: Int = 1) -> CycleSample {
        CycleSample(feedsByStatus: [.ok: feeds], duration: 1, sinks: sinks, finished: finished)
    }

    @Test func everyOutcomeAndStatusIsWrittenAtZeroBeforeTheFirstPoll() {
        let text = RenderedText(text: DaemonMetrics(started: Self.started).render())
        for outcome in PollSample.Outcome.allCases {
            #expect(text.value("vigie_polls_total{outcome=\"\(outcome.rawValue)\"}") == 0, "\(outcome)")
        }
        for status in CycleSample.FeedStatus.allCases {
            #expect(text.value("vigie_feeds{status=\"\(status.rawValue)\"}") == 0, "\(status)")
        }
        #expect(text.value("vigie_start_time_seconds") == 1_750_000_000)
        #expect(text.value("vigie_not_modified_ratio")?.isNaN == true)
        #expect(text.value("vigie_cycles_total") == 0)
        #expect(text.value("vigie_fetch_duration_seconds_count") == 0)
        #expect(text.lines(containing: "sink=").isEmpty)
    }

    @Test func pollsAccumulateTheirOutcomesBytesAndItems() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(PollSample(outcome: .fetched, duration: 0.2, bytes: 1_000, newItems: 3))
        metrics.recordPoll(
            PollSample(outcome: .fetched, duration: 0.4, bytes: 2_500, newItems: 20, mayHaveMissedItems: true))
        metrics.recordCycle(Self.cycle())
        metrics.recordPoll(PollSample(outcome: .notModified, duration: 0.1))
        metrics.recordPoll(PollSample(outcome: .failed, duration: 60))
        let text = RenderedText(text: metrics.render())
        #expect(text.value("vigie_polls_total{outcome=\"fetched\"}") == 2)
        #expect(text.value("vigie_polls_total{outcome=\"not-modified\"}") == 1)
        #expect(text.value("vigie_polls_total{outcome=\"failed\"}") == 1)
        #expect(text.value("vigie_polls_total{outcome=\"gone\"}") == 0)
        #expect(text.value("vigie_fetch_bytes_total") == 3_500)
        #expect(text.value("vigie_items_new_total") == 23)
        #expect(text.value("vigie_missed_items_total") == 1)
        #expect(text.value("vigie_fetch_duration_seconds_count") == 4)
        #expect(abs((text.value("vigie_fetch_duration_seconds_sum") ?? 0) - 60.7) < 1e-9)
    }

    @Test func fetchDurationsFallInTheirBuckets() {
        let metrics = DaemonMetrics(started: Self.started)
        for duration in [0.03, 0.05, 0.3, 3, 100] {
            metrics.recordPoll(PollSample(outcome: .fetched, duration: duration))
        }
        let text = RenderedText(text: metrics.render())
        let expected: [(String, Double)] = [
            ("0.05", 2), ("0.1", 2), ("0.25", 2), ("0.5", 3), ("1.0", 3), ("2.5", 3), ("5.0", 4), ("10.0", 4),
            ("30.0", 4), ("60.0", 4), ("+Inf", 5),
        ]
        for (bound, count) in expected {
            #expect(text.value("vigie_fetch_duration_seconds_bucket{le=\"\(bound)\"}") == count, "le=\(bound)")
        }
    }

    /// The ratio is of the polls recorded since the previous cycle that the server answered (200 or 304); each
    /// case follows a first cycle of one 304 (ratio 1), which must not leak into the second.
    @Test(arguments: [
        ([PollSample.Outcome.fetched, .fetched, .notModified, .failed], 1.0 / 3),
        ([.notModified, .notModified], 1),
        ([.fetched], 0),
        ([.unreadable, .notModified], 0.5),
        ([.failed, .gone, .throttled], .nan),
        ([], .nan),
    ])
    func notModifiedRatioIsOfTheLastCyclesAnsweredPolls(outcomes: [PollSample.Outcome], ratio: Double) throws {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(PollSample(outcome: .notModified, duration: 0.1))
        metrics.recordCycle(Self.cycle())
        #expect(RenderedText(text: metrics.render()).value("vigie_not_modified_ratio") == 1)
        for outcome in outcomes {
            metrics.recordPoll(PollSample(outcome: outcome, duration: 0.1))
        }
        metrics.recordCycle(Self.cycle())
        let value = try #require(RenderedText(text: metrics.render()).value("vigie_not_modified_ratio"))
        if ratio.isNaN {
            #expect(value.isNaN)
        } else {
            #expect(abs(value - ratio) < 1e-12)
        }
    }

    @Test func alertsAreCountedByWatchAndKindAndStoriesByWatch() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(
            PollSample(
                outcome: .fetched, duration: 1, storiesByWatch: ["ai": 2, "energy": 1], coverageByWatch: ["ai": 3]))
        metrics.recordPoll(PollSample(outcome: .fetched, duration: 1, storiesByWatch: ["ai": 1, "none": 0]))
        let text = RenderedText(text: metrics.render())
        #expect(text.value("vigie_alerts_total{watch=\"ai\",kind=\"story\"}") == 3)
        #expect(text.value("vigie_alerts_total{watch=\"ai\",kind=\"coverage\"}") == 3)
        #expect(text.value("vigie_alerts_total{watch=\"energy\",kind=\"story\"}") == 1)
        #expect(text.value("vigie_alerts_total{watch=\"energy\",kind=\"coverage\"}") == nil)
        #expect(text.value("vigie_stories_total{watch=\"ai\"}") == 3)
        #expect(text.value("vigie_stories_total{watch=\"energy\"}") == 1)
        #expect(text.lines(containing: "watch=\"none\"").isEmpty)
    }

    /// swift-prometheus stops the process on a negative counter increment; a bad number from the daemon must not.
    @Test func negativeAndNonFiniteNumbersCountAsZero() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(
            PollSample(
                outcome: .fetched, duration: -1, bytes: -5, newItems: -2, storiesByWatch: ["ai": -1],
                coverageByWatch: ["ai": -4]))
        metrics.recordPoll(PollSample(outcome: .failed, duration: .nan))
        metrics.recordPoll(PollSample(outcome: .failed, duration: .infinity))
        let text = RenderedText(text: metrics.render())
        #expect(text.value("vigie_fetch_bytes_total") == 0)
        #expect(text.value("vigie_items_new_total") == 0)
        #expect(text.value("vigie_fetch_duration_seconds_sum") == 0)
        #expect(text.value("vigie_fetch_duration_seconds_bucket{le=\"0.05\"}") == 3)
        #expect(text.lines(containing: "watch=").isEmpty)
    }

    /// Swift writes a NaN with its sign bit set as `-nan`, which Go's parser (node_exporter's) refuses.
    @Test func aNegativeNaNIsWrittenAsNaN() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordCycle(
            CycleSample(feedsByStatus: [:], duration: -Double.nan, lag: -Double.nan, finished: Self.finished))
        let text = metrics.render()
        #expect(!text.contains("-nan"))
        #expect(text.contains("\nvigie_cycle_duration_seconds nan\n"))
        #expect(text.contains("\nvigie_cycle_lag_seconds nan\n"))
    }

    @Test func cycleGaugesAreSetFromTheLastCycle() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordCycle(
            CycleSample(
                feedsByStatus: [.ok: 9, .failed: 9], feedsFailing: 9, feedsStale: 9, duration: 9, lag: 9,
                stateBytes: 9, finished: Self.started))
        metrics.recordCycle(
            CycleSample(
                feedsByStatus: [.ok: 40, .notModified: 7, .failed: 2, .throttled: 1, .never: 3], feedsFailing: 3,
                feedsStale: 4, duration: 12.5, lag: 0.75, stateBytes: 8_388_608, finished: Self.finished))
        let text = RenderedText(text: metrics.render())
        let feeds: [CycleSample.FeedStatus: Double] = [
            .ok: 40, .notModified: 7, .failed: 2, .gone: 0, .throttled: 1, .never: 3,
        ]
        for (status, count) in feeds {
            #expect(text.value("vigie_feeds{status=\"\(status.rawValue)\"}") == count, "\(status)")
        }
        #expect(text.value("vigie_feeds_failing") == 3)
        #expect(text.value("vigie_feeds_stale") == 4)
        #expect(text.value("vigie_cycle_duration_seconds") == 12.5)
        #expect(text.value("vigie_cycle_lag_seconds") == 0.75)
        #expect(text.value("vigie_state_size_bytes") == 8_388_608)
        #expect(text.value("vigie_last_cycle_timestamp_seconds") == 1_750_000_600.25)
        #expect(text.value("vigie_cycles_total") == 2)
    }

    @Test func sinksAreWrittenFromTheState() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordCycle(
            Self.cycle(sinks: [
                SinkSample(
                    name: "ops", pending: 4, oldestPending: Self.finished.addingTimeInterval(-90), delivered: 120,
                    failed: 2, expired: 1),
                SinkSample(name: "desk", disabled: true),
                // A clock that stepped back: a delivery recorded "after" the cycle ended waits for no time.
                SinkSample(name: "late", pending: 1, oldestPending: Self.finished.addingTimeInterval(5)),
            ]))
        let text = RenderedText(text: metrics.render())
        #expect(text.value("vigie_deliveries_pending{sink=\"ops\"}") == 4)
        #expect(text.value("vigie_delivery_lag_seconds{sink=\"ops\"}") == 90)
        #expect(text.value("vigie_deliveries{sink=\"ops\",state=\"delivered\"}") == 120)
        #expect(text.value("vigie_deliveries{sink=\"ops\",state=\"failed\"}") == 2)
        #expect(text.value("vigie_deliveries{sink=\"ops\",state=\"expired\"}") == 1)
        #expect(text.value("vigie_sink_disabled{sink=\"ops\"}") == 0)
        #expect(text.value("vigie_deliveries_pending{sink=\"desk\"}") == 0)
        #expect(text.value("vigie_delivery_lag_seconds{sink=\"desk\"}") == 0)
        #expect(text.value("vigie_sink_disabled{sink=\"desk\"}") == 1)
        #expect(text.value("vigie_delivery_lag_seconds{sink=\"late\"}") == 0)
    }

    /// A sink removed from the configuration leaves every sink family at the next cycle (swift-prometheus keeps a
    /// gauge until it is unregistered); with no sink left the families go, `# HELP` and `# TYPE` included; a sink
    /// that comes back starts from its new values.
    @Test func aSinkRemovedFromTheConfigLeavesTheFile() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordCycle(
            Self.cycle(sinks: [
                SinkSample(name: "ops", pending: 1, delivered: 5), SinkSample(name: "old", pending: 9, delivered: 9),
            ]))
        #expect(RenderedText(text: metrics.render()).lines(containing: "sink=\"old\"").count == 6)

        metrics.recordCycle(Self.cycle(sinks: [SinkSample(name: "ops", pending: 2, delivered: 6)]))
        var text = RenderedText(text: metrics.render())
        #expect(text.lines(containing: "sink=\"old\"").isEmpty)
        #expect(text.lines(containing: "sink=\"ops\"").count == 6)
        #expect(text.value("vigie_deliveries_pending{sink=\"ops\"}") == 2)
        #expect(text.value("vigie_deliveries{sink=\"ops\",state=\"delivered\"}") == 6)

        metrics.recordCycle(Self.cycle(sinks: []))
        text = RenderedText(text: metrics.render())
        #expect(text.lines(containing: "sink=").isEmpty)
        for family in [
            "vigie_deliveries_pending", "vigie_delivery_lag_seconds", "vigie_deliveries", "vigie_sink_disabled",
        ] {
            #expect(text.lines(containing: "# TYPE \(family) ").isEmpty, "\(family)")
        }

        metrics.recordCycle(Self.cycle(sinks: [SinkSample(name: "old", pending: 1)]))
        text = RenderedText(text: metrics.render())
        #expect(text.value("vigie_deliveries_pending{sink=\"old\"}") == 1)
        #expect(text.value("vigie_deliveries{sink=\"old\",state=\"delivered\"}") == 0)
        #expect(text.lines(containing: "# TYPE vigie_deliveries_pending gauge").count == 1)
    }

    /// A label value holding `"`, `\` and a line feed is escaped as the text format requires (`\"`, `\\`, `\n`),
    /// so the sample stays on one line.
    @Test func labelValuesAreEscaped() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(
            PollSample(outcome: .fetched, duration: 1, storiesByWatch: ["say \"hi\" \\ to\nall": 1]))
        metrics.recordCycle(Self.cycle(sinks: [SinkSample(name: "a\\\"b", pending: 3)]))
        let text = RenderedText(text: metrics.render())
        #expect(text.value(#"vigie_stories_total{watch="say \"hi\" \\ to\nall"}"#) == 1)
        #expect(text.value(#"vigie_alerts_total{watch="say \"hi\" \\ to\nall",kind="story"}"#) == 1)
        #expect(text.value(#"vigie_deliveries_pending{sink="a\\\"b"}"#) == 3)
        #expect(text.lines(containing: "all\"").count == 2)
        #expect(text.text.split(separator: "\n").allSatisfy { $0.hasPrefix("#") || $0.hasPrefix("vigie_") })
    }

    /// Every line is a `# HELP`, a `# TYPE` or a sample of a `vigie_` name, and every name has its help and type.
    @Test func everyFamilyIsNamedVigieAndDocumented() {
        let metrics = DaemonMetrics(started: Self.started)
        metrics.recordPoll(
            PollSample(outcome: .fetched, duration: 1, storiesByWatch: ["ai": 1], coverageByWatch: ["ai": 1]))
        metrics.recordCycle(Self.cycle(sinks: [SinkSample(name: "ops")]))
        let lines = metrics.render().split(separator: "\n")
        let helped = Set(lines.filter { $0.hasPrefix("# HELP ") }.map { $0.split(separator: " ")[2] })
        let typed = Set(lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] })
        #expect(helped == typed)
        #expect(helped.count == 21)
        #expect(helped.allSatisfy { $0.hasPrefix("vigie_") })
        #expect(
            lines.allSatisfy {
                $0.hasPrefix("# HELP vigie_") || $0.hasPrefix("# TYPE vigie_") || $0.hasPrefix("vigie_")
            })
    }
}
