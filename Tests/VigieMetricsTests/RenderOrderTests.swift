import Foundation
import Testing

@testable import VigieMetrics

/// ``DaemonMetrics/render()`` writes families by name and samples by series, buckets in their order, so two files
/// differ only where the numbers do.
@Suite struct RenderOrderTests {
    @Test func familiesAndSamplesAreSorted() {
        let metrics = DaemonMetrics(started: DaemonMetricsTests.started)
        metrics.recordPoll(
            PollSample(
                outcome: .fetched, duration: 2, storiesByWatch: ["b": 1, "a": 1, "c": 1], coverageByWatch: ["a": 1]))
        metrics.recordCycle(
            DaemonMetricsTests.cycle(sinks: [SinkSample(name: "z"), SinkSample(name: "m"), SinkSample(name: "a")]))
        let text = metrics.render()
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        let names = lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(names == names.sorted())
        #expect(names.count == 21)
        var samplesOfFamily: [Substring: [Substring]] = [:]
        for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
            let name = line.split(separator: " ")[2]
            samplesOfFamily[name] = Array(lines[(index + 1)...].prefix { !$0.hasPrefix("#") })
        }
        #expect(samplesOfFamily.values.map(\.count).reduce(0, +) == lines.filter { !$0.hasPrefix("#") }.count)
        for (name, samples) in samplesOfFamily where name != "vigie_fetch_duration_seconds" {
            #expect(samples == samples.sorted(), "\(name)")
            #expect(samples.allSatisfy { $0.hasPrefix(name) }, "\(name)")
        }
        let buckets = samplesOfFamily["vigie_fetch_duration_seconds"]?.prefix(11).map { line in
            line.split(separator: "\"")[1]
        }
        #expect(buckets == ["0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "60.0", "+Inf"])
        #expect(samplesOfFamily["vigie_alerts_total"]?.first == #"vigie_alerts_total{watch="a",kind="coverage"} 1"#)
    }

    @Test func aTextWithoutHelpLinesIsSortedToo() {
        let text = "# TYPE b gauge\nb{x=\"2\"} 1\nb{x=\"1\"} 1\n# TYPE a counter\na_total 3\n"
        #expect(
            ExpositionOrder.sorted(text) == "# TYPE a counter\na_total 3\n# TYPE b gauge\nb{x=\"1\"} 1\nb{x=\"2\"} 1\n")
    }
}
