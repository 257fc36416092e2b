import Prometheus
import VigieSync

/// The gauges of one labelled family whose label sets are replaced whole each cycle: a label set left out of
/// ``replace(with:)`` is unregistered, so that a sink removed from the configuration leaves the file.
///
/// swift-prometheus keeps a gauge until ``PrometheusCollectorRegistry/unregisterGauge(_:)`` is given that very
/// instance, and drops the family's `# HELP` and `# TYPE` lines with its last gauge; this type holds the instances.
final class LabelledGauges: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let family: MetricFamily
    private let labelNames: [String]
    /// The registered gauges by their label values, in the order of ``labelNames``.
    private let gauges = Locked<[[String]: Gauge]>([:])

    /// A family `family` whose gauges carry the labels `labelNames`, in that order.
    init(_ family: MetricFamily, labels labelNames: [String], in registry: PrometheusCollectorRegistry) {
        self.registry = registry
        self.family = family
        self.labelNames = labelNames
    }

    /// Sets the gauge of each label set in `values` (label values in the order of the names given at `init`) and
    /// unregisters every gauge whose label set is not there.
    func replace(with values: [[String]: Double]) {
        gauges.withLock { gauges in
            for labelValues in gauges.keys where values[labelValues] == nil {
                if let gauge = gauges.removeValue(forKey: labelValues) { registry.unregisterGauge(gauge) }
            }
            for (labelValues, value) in values {
                precondition(labelValues.count == labelNames.count, "\(family.name): one value per label name")
                let gauge =
                    gauges[labelValues]
                    ?? registry.makeGauge(
                        descriptor: family.descriptor, labels: Array(zip(labelNames, labelValues)))
                gauges[labelValues] = gauge
                gauge.set(to: value)
            }
        }
    }
}
