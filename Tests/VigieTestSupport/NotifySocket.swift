import Foundation
import Glibc

/// The service manager's end of `$NOTIFY_SOCKET`: a Unix datagram socket bound in a temporary folder (or in the
/// abstract namespace), from which a test reads what ``SystemdNotifier`` sent.
public final class NotifySocket {
    /// The value to put in `$NOTIFY_SOCKET`: a path, or `@name` for an abstract socket.
    public let address: String
    private let descriptor: Int32
    private let folder: String?

    /// Binds a socket at a fresh path, or in the abstract namespace when `abstract` is true.
    public init(abstract: Bool = false) throws {
        let name = "vigie-notify-\(UUID().uuidString.prefix(8))"
        if abstract {
            folder = nil
            address = "@" + name
        } else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.folder = folder
            address = folder + "/notify.sock"
        }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard descriptor >= 0, bound == 0 else { throw Failure(message: "cannot bind \(address): errno \(errno)") }
    }

    deinit {
        close(descriptor)
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The environment a notifier run by this service manager sees.
    public func environment(watchdogMicroseconds: Int? = nil, watchdogPID: pid_t? = nil) -> [String: String] {
        var environment = ["NOTIFY_SOCKET": address]
        if let watchdogMicroseconds { environment["WATCHDOG_USEC"] = "\(watchdogMicroseconds)" }
        if let watchdogPID { environment["WATCHDOG_PID"] = "\(watchdogPID)" }
        return environment
    }

    /// The next datagram as text, waiting up to `seconds` (0: only one already queued; a local datagram is queued
    /// by the time `sendto` returns, so 0 proves that nothing was sent).
    public func receive(within seconds: Double = 0) -> String? {
        var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { recv(self.descriptor, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// The socket could not be made.
    public struct Failure: Error {
        /// What went wrong.
        public var message: String
    }
}
