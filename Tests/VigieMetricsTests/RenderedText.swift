/// Reads sample lines back out of ``DaemonMetrics/render()``'s text, as swift-prometheus writes them: the series
/// (name and labels, labels in the order the module registers them), one space, the value.
struct RenderedText {
    let text: String

    /// The value of the series written exactly as `series` (e.g. `vigie_polls_total{outcome="fetched"}`), or `nil`
    /// when no line holds it or its value does not read as a number (`nan` reads as NaN).
    func value(_ series: String) -> Double? {
        let lines = text.split(separator: "\n")
        guard let line = lines.first(where: { $0.hasPrefix(series + " ") }) else { return nil }
        return Double(line.dropFirst(series.count + 1))
    }

    /// The lines that mention `fragment`.
    func lines(containing fragment: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.contains(fragment) }
    }
}
