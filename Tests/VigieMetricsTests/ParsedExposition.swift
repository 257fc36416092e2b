import Foundation
import VigieTestSupport

/// A metrics file as prometheus_client's parser read it (`Tests/Support/parse_metrics.py`): the families in file
/// order, each with its samples.
struct ParsedExposition {
    /// One metric family: its name as the parser gives it (a counter's without `_total`), type, help and samples.
    struct Family: Decodable {
        let name: String
        let type: String
        let help: String
        let samples: [Sample]
    }

    /// One sample: its full name (with `_total`, `_bucket`, …), labels and value.
    struct Sample: Decodable {
        let name: String
        let labels: [String: String]
        /// Python's repr of the float: "3.0", "nan", "inf".
        let value: String
    }

    /// Why the file could not be parsed: the script's words (a missing prometheus_client says how to install it).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let families: [Family]

    /// Parses the file at `path` with prometheus_client, in a `python3` child process.
    init(parsing path: String) throws {
        let script = FixtureServer.repositoryRoot.appendingPathComponent("Tests/Support/parse_metrics.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 \(script): \(error); install python3 and prometheus-client")
        }
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "parse_metrics.py exited with status \(process.terminationStatus): "
                    + (message.isEmpty ? "(no message)" : message))
        }
        families = try JSONDecoder().decode([Family].self, from: json)
    }

    /// The family named `name` (a counter's without `_total`), if the file has it.
    func family(_ name: String) -> Family? {
        families.first { $0.name == name }
    }

    /// The value of the sample `name` whose labels are exactly `labels`, if there is one.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        for family in families {
            for sample in family.samples where sample.name == name && sample.labels == labels {
                return Double(sample.value)
            }
        }
        return nil
    }

    /// Every sample named `name`, in file order.
    func samples(_ name: String) -> [Sample] {
        families.flatMap(\.samples).filter { $0.name == name }
    }
}
