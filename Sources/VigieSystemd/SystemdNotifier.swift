import Foundation
import Glibc

/// Talks to systemd over `$NOTIFY_SOCKET` (the sd_notify protocol: one datagram of `KEY=VALUE` lines on a Unix
/// socket), without libsystemd. When the daemon is not run by systemd (no `$NOTIFY_SOCKET`), every call does
/// nothing.
public final class SystemdNotifier: @unchecked Sendable {
    private let socketPath: String?
    private let lock = NSLock()
    private let descriptor: Int32
    /// The longest the main loop may go between two ``Watchdog/tick(at:)`` calls: half of `$WATCHDOG_USEC`
    /// (systemd's `WatchdogSec=`), or `nil` when the watchdog is off. Bound every sleep of the loop by it.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        descriptor = path == nil ? -1 : socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0 {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether a service manager is listening.
    public var isActive: Bool { socketPath != nil && descriptor >= 0 }

    /// `READY=1` (with a status line).
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// `RELOADING=1`: a reload has started; follow with ``ready(status:)``.
    public func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        send(["RELOADING=1", "MONOTONIC_USEC=\(microseconds)"])
    }

    /// `STOPPING=1`: shutdown has begun.
    public func stopping() {
        send(["STOPPING=1"])
    }

    /// `STATUS=…`: the one-line status `systemctl status` shows.
    public func status(_ text: String) {
        send(["STATUS=\(text)"])
    }

    /// `WATCHDOG=1`: the main loop is alive.
    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    private func send(_ lines: [String]) {
        guard isActive, let socketPath else { return }
        let message = Array(lines.joined(separator: "\n").utf8)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        // "@name" is an abstract socket: its address starts with a NUL byte.
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        lock.lock()
        defer { lock.unlock() }
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { bytes in
                    sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }
}
