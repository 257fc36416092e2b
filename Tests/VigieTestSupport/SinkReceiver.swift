import Foundation

/// The scripted webhook receiver (`Tests/Support/sink_receiver.py`) on 127.0.0.1: answers each request as told and
/// logs it, for every test target that delivers alerts over HTTP (webhook, Slack, ntfy).
///
/// The receiver exits when its standard input closes, so it never outlives the tests, even when they crash; it is
/// stopped in `deinit`.
public final class SinkReceiver: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    /// The file its requests are logged to, one JSON line each.
    public let logPath: String
    private let directory: URL
    private let server: LoopbackScript

    /// Starts a receiver.
    ///
    /// - Parameters:
    ///   - answers: one answer per request, in order, the last one repeating: `"200"`, `"503:7"` (with
    ///     `Retry-After: 7`), `"429:@7200"` (with `Retry-After` an HTTP-date 7,200 seconds after the request).
    ///   - delay: seconds to wait before answering each request.
    ///   - secret: a Standard Webhooks secret to check each request's `webhook-signature` with
    ///     (``Request/signatureOK``).
    ///   - body: the body of every answer (by default the status and its reason phrase for a status of 300 or more,
    ///     nothing for a 2xx).
    public init(answers: [String] = ["200"], delay: Double? = nil, secret: String? = nil, body: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "vigie-sink-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logPath = directory.appendingPathComponent("requests.jsonl").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        var arguments = ["--port", "0", "--log", logPath, "--answers=" + answers.joined(separator: ",")]
        // `--name=value`, so a value that starts with `-` is not taken for an option.
        if let delay { arguments.append("--delay=\(delay)") }
        if let secret { arguments.append("--secret=\(secret)") }
        if let body { arguments.append("--body=\(body)") }
        server = try LoopbackScript("sink_receiver.py", arguments: arguments, what: "the sink receiver")
        struct Port: Decodable { var port: Int }
        port = try JSONDecoder().decode(Port.self, from: server.announcement).port
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A URL on the receiver: `http://127.0.0.1:PORT` followed by `path` (which starts with `/`).
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests received so far, in order (each is logged before it is answered; a line still being written
    /// is left for the next call).
    public func requests() throws -> [Request] {
        try LoopbackScript.records(at: logPath)
    }

    /// One request the receiver got, and what it answered.
    public struct Request: Sendable, Equatable, Decodable {
        /// The method (`POST`).
        public var method: String
        /// The request target: path and query.
        public var path: String
        /// The header fields, names lower-cased (a repeated field's values joined with `, `).
        public var headers: [String: String]
        /// The body, as UTF-8 text.
        public var body: String
        /// The status answered.
        public var status: Int
        /// Whether `webhook-signature` verified with the receiver's secret; `nil` when it has none.
        public var signatureOK: Bool?

        private enum CodingKeys: String, CodingKey {
            case method, path, headers, body, status
            case signatureOK = "signature_ok"
        }
    }
}
