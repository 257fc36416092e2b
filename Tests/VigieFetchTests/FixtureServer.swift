import Foundation

/// The scripted HTTP fixture server (`Tests/Support/fixture_server.py`) on 127.0.0.1, started once per test process.
///
/// The server prints its ports as one JSON line and exits when its standard input closes, so it never outlives the
/// tests, even when they crash.
final class FixtureServer: @unchecked Sendable {
    /// The plain-HTTP port.
    let httpPort: Int
    /// The TLS port (self-signed certificate).
    let httpsPort: Int
    private let process: Process
    private let input: Pipe

    /// The server shared by every test of this process.
    static let shared: FixtureServer = {
        do {
            return try FixtureServer()
        } catch {
            fatalError("cannot start the fixture server: \(error)")
        }
    }()

    /// The repository root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private init() throws {
        let support = Self.repositoryRoot.appendingPathComponent("Tests/Support")
        let fixtures = Self.repositoryRoot.appendingPathComponent("Tests/Fixtures/http")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", support.appendingPathComponent("fixture_server.py").path, "--port", "0", "--tls-port", "0",
            "--cert", fixtures.appendingPathComponent("selfsigned.pem").path,
            "--key", fixtures.appendingPathComponent("selfsigned.key").path,
        ]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first else { throw ServerError(message: "the server exited before its ports") }
            if first == UInt8(ascii: "\n") { break }
            line.append(first)
        }
        struct Ports: Decodable {
            var http: Int
            var https: Int
        }
        let ports = try JSONDecoder().decode(Ports.self, from: Data(line))
        httpPort = ports.http
        httpsPort = ports.https
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
    }

    /// A URL on the plain-HTTP port.
    func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// A URL on the TLS port.
    func tlsURL(_ path: String) -> String { "https://127.0.0.1:\(httpsPort)\(path)" }

    struct ServerError: Error {
        var message: String
    }
}
