import Foundation

/// The scripted HTTP fixture server (`Tests/Support/fixture_server.py`) on 127.0.0.1, for every test target that
/// needs a real HTTP server.
///
/// The server prints its ports as one JSON line and exits when its standard input closes, so it never outlives the
/// tests, even when they crash. ``shared`` serves the scripted endpoints; a test that needs its own feed files
/// starts its own with a root folder (served as `/files/NAME`).
public final class FixtureServer: @unchecked Sendable {
    /// The plain-HTTP port.
    public let httpPort: Int
    /// The TLS port (self-signed certificate).
    public let httpsPort: Int
    private let server: LoopbackScript

    /// The server shared by every test of this process.
    public static let shared: FixtureServer = {
        do {
            return try FixtureServer()
        } catch {
            fatalError("cannot start the fixture server: \(error)")
        }
    }()

    /// The repository root, from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts a server; `root` is a folder whose files are served as `/files/NAME`.
    public init(root: String? = nil) throws {
        let fixtures = Self.repositoryRoot.appendingPathComponent("Tests/Fixtures/http")
        server = try LoopbackScript(
            "fixture_server.py",
            arguments: [
                "--port", "0", "--tls-port", "0", "--cert", fixtures.appendingPathComponent("selfsigned.pem").path,
                "--key", fixtures.appendingPathComponent("selfsigned.key").path,
            ] + (root.map { ["--root", $0] } ?? []), what: "the server")
        struct Ports: Decodable {
            var http: Int
            var https: Int
        }
        let ports = try JSONDecoder().decode(Ports.self, from: server.announcement)
        httpPort = ports.http
        httpsPort = ports.https
    }

    /// A URL on the plain-HTTP port.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(httpPort)\(path)" }

    /// A URL on the TLS port.
    public func tlsURL(_ path: String) -> String { "https://127.0.0.1:\(httpsPort)\(path)" }

    /// The server could not be started.
    public struct ServerError: Error {
        /// What went wrong.
        public var message: String
    }
}
